/**
 * C0 and C1 control characters, DEL, and the Unicode line and paragraph separators: text holding one can forge a
 * log line or a workflow command, so a configured value holding one is refused and a name holding one is not shown.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const CONTROLS = new RegExp(CONTROL_CHARACTERS.source, "g");

/**
 * Text from a report, a server or a database, safe for one terminal line: control characters (escape sequences,
 * line breaks) shown as \\u escapes, cut to `max` characters.
 */
export function printable(text: string, max: number): string {
  const safe = noWorkflowCommand(
    text.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
  );
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

/**
 * The Actions runner reads `##[command]` anywhere in a log line (the legacy form) and `::command::` at its start:
 * their first character is shown as a \u escape, so text from a report or a fork never runs one.
 */
export function noWorkflowCommand(text: string): string {
  return text.replaceAll("##[", "#\\u0023[").replace(/^(\s*):/, "$1\\u003a");
}

/**
 * A name pattern as a RegExp of the whole name: `*` any characters, `?` one, everything else itself (artifact
 * names, redacted property names); `ignoreCase` for names whose case does not matter.
 */
export function globRegExp(glob: string, ignoreCase = false): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
}
