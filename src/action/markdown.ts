/**
 * Untrusted text (a test's name, a failure message, a file name, a cache key) made safe where people read it: a log
 * line (printable), a cell of a Markdown table in the job summary or the pull-request comment (cell), and text in an
 * HTML block such as `<pre>` (htmlText). Shared by the summary and the test sections (src/action/insight/render.ts).
 */
import { noWorkflowCommand } from "../core/text.js";

/**
 * Control characters (C0, C1, Unicode line and paragraph separators), which could start a workflow command in a
 * log, and invisible characters that change what a reader sees: bidirectional controls (U+061C, U+200E–U+200F,
 * U+202A–U+202E, U+2066–U+2069), zero-width characters (U+200B–U+200D, U+2060–U+2064, U+FEFF).
 */
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * Text from an untrusted source made one printable line without hidden parts: each control, bidirectional or
 * zero-width character becomes a \u escape, so no log line can start a workflow command and no name can read
 * otherwise than it is written.
 */
export function printable(text: string): string {
  return noWorkflowCommand(
    text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
  );
}

/** U+2060 WORD JOINER: invisible, and it ends the word GitHub would read as a mention, a reference or a link. */
const JOINER = "\u2060";

/**
 * Mentions, issue references and autolinks made plain text, keeping the text readable: a word joiner after `@`
 * (no `@user` or `@org/team` notified, no e-mail address linked), after `#` (no `#1`, `org/repo#1` reference), after
 * `GH-` (no `GH-1` reference), between the scheme's `:` and `//` (no `https://…` link) and after `www` before its
 * dot (no `www.…` link). Run after printable(), which escapes every word joiner already in the text.
 */
export function unlinked(text: string): string {
  return text
    .replace(/[@#]/g, (c) => `${c}${JOINER}`)
    .replace(/\bGH-(?=\d)/gi, (c) => `${c}${JOINER}`)
    .replace(/:\/\//g, `:${JOINER}//`)
    .replace(/\bwww\./gi, (c) => `${c.slice(0, 3)}${JOINER}.`);
}

export const CELL_ENTITY: Readonly<Record<string, string>> = { "<": "&lt;", ">": "&gt;", "&": "&amp;" };

/**
 * A table cell: printable, and no Markdown or HTML of its own: backslashes, |, backticks, emphasis stars, strike
 * tildes and brackets (so no link or image) are backslash-escaped; tags and entities are escaped as HTML; mentions,
 * references and autolinks are broken (unlinked()).
 */
export function cell(text: string): string {
  return unlinked(printable(text.replace(/\r?\n/g, " ").replace(/[\\|`*~[\]]/g, (c) => `\\${c}`))).replace(
    /[<>&]/g,
    (c) => CELL_ENTITY[c]!,
  );
}

const HTML_ENTITY: Readonly<Record<string, string>> = { ...CELL_ENTITY, "[": "&#91;", "]": "&#93;" };

/**
 * Text inside an HTML block (`<pre>`): printable lines (tabs as four spaces), no HTML of its own (a `</pre>` in a
 * stack stays text), no link, mention or reference.
 */
export function htmlText(text: string): string {
  return text
    .split("\n")
    .map((l) => unlinked(printable(l.replace(/\t/g, "    "))).replace(/[<>&[\]]/g, (c) => HTML_ENTITY[c]!))
    .join("\n");
}
