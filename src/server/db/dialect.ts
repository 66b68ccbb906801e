/** The few places SQLite and PostgreSQL need different words for the same query (db/sql.ts). */
import type { Dialect } from "./sql.js";

/** A condition: the JSON array in text column `column` has the string `?`. */
export function jsonArrayHas(dialect: Dialect, column: string): string {
  return dialect === "postgres"
    ? `EXISTS (SELECT 1 FROM jsonb_array_elements_text(${column}::jsonb) AS e (value) WHERE e.value = ?)`
    : `EXISTS (SELECT 1 FROM json_each(${column}) WHERE value = ?)`;
}

/** An aggregate: the JSON array (as text) of `value` over a group, in `order` (SQLite: the rows' order). */
export function jsonArrayOf(dialect: Dialect, value: string, order: string): string {
  return dialect === "postgres" ? `json_agg(${value} ORDER BY ${order})::text` : `json_group_array(${value})`;
}

/** SQLite's hints keeping a query on an index it would otherwise pass over; nothing on PostgreSQL. */
export const hints = {
  /** `INDEXED BY index` after a table name. */
  indexedBy: (dialect: Dialect, index: string) => (dialect === "sqlite" ? `INDEXED BY ${index}` : ""),
  /** A column not to look up by index (SQLite's unary plus). */
  notIndexed: (dialect: Dialect, column: string) => (dialect === "sqlite" ? `+${column}` : column),
};
