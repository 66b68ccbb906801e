/**
 * CSV for spreadsheets (`jux cache export --format csv`): RFC 4180 (comma, CRLF, a field holding a comma, a quote
 * or a line break is quoted, a quote doubled), and safe to open: a text cell that a spreadsheet would run as a
 * formula (starting with = + - @, a tab or a carriage return) gets a leading ' (OWASP's CSV injection advice).
 */

/** A cell: text is guarded and quoted as needed; numbers and booleans are written as they are. */
export type Cell = string | number | boolean | undefined | null;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvRow(cells: readonly Cell[]): string {
  return cells.map(csvCell).join(",") + "\r\n";
}
