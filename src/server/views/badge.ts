/**
 * A shields.io-like badge ("tests | 97% passing") as a standalone SVG: no script, no external reference, no
 * <style> (a badge opened on its own gets the inert CSP), every text escaped.
 */
import { escapeHtml } from "./format.js";

export const BADGE_STYLES = ["flat", "flat-square"] as const;
export type BadgeStyle = (typeof BADGE_STYLES)[number];

/** What the badge shows: the pass rate ("97% passing") or only whether the run passed ("passing"/"failing"). */
export const BADGE_SHOWS = ["rate", "status"] as const;
export type BadgeShow = (typeof BADGE_SHOWS)[number];

export const BADGE_COLOURS = {
  passing: "#4c1",
  failing: "#e05d44",
  unknown: "#9f9f9f",
  label: "#555",
} as const;

export interface Badge {
  label: string;
  message: string;
  colour: string;
  style?: BadgeStyle;
}

/** Verdana 11 px advance widths (px) of the characters that differ most from the average; others by class. */
const WIDTHS: Readonly<Record<string, number>> = {
  " ": 3.9,
  "!": 4.3,
  "%": 11.9,
  "(": 4.9,
  ")": 4.9,
  ",": 3.6,
  "-": 4.9,
  ".": 3.6,
  "/": 4.9,
  ":": 4.3,
  "|": 4.9,
  "'": 2.9,
  f: 3.9,
  i: 3.0,
  j: 3.3,
  l: 3.0,
  m: 10.7,
  r: 4.7,
  t: 4.3,
  w: 9.0,
  I: 4.6,
  J: 5.0,
  M: 9.9,
  W: 11.0,
};

/** The text's width in Verdana 11 px, estimated per character (as shields does, to within a pixel or two). */
export function textWidth(text: string): number {
  let w = 0;
  for (const c of text) {
    if (WIDTHS[c] !== undefined) w += WIDTHS[c];
    else if (/[0-9]/.test(c)) w += 7.0;
    else if (/[a-z]/.test(c)) w += 6.6;
    else if (/[A-Z]/.test(c)) w += 7.5;
    else if (c.codePointAt(0)! < 0x80) w += 6.0;
    else w += 11.0; // wide enough for CJK and emoji; never cut
  }
  return Math.ceil(w);
}

/** Characters kept of a label or message: a badge is a word or two. */
export const MAX_BADGE_TEXT = 60;

function bounded(text: string): string {
  const chars = [...text.replace(/[\p{Cc}\p{Cf}]/gu, "")];
  return chars.length > MAX_BADGE_TEXT ? `${chars.slice(0, MAX_BADGE_TEXT - 1).join("")}…` : chars.join("");
}

/** The badge's widths: each half is its text plus 5 px on either side. */
export function badgeWidths(
  label: string,
  message: string,
): { label: number; message: number; total: number } {
  const l = textWidth(bounded(label)) + 10;
  const m = textWidth(bounded(message)) + 10;
  return { label: l, message: m, total: l + m };
}

/** A text of the badge with its 1 px shadow, centred in its half. */
function shadowed(text: string, centre: number): string {
  const t = escapeHtml(text);
  return (
    `<text x="${centre}" y="15" fill="#010101" fill-opacity=".3" aria-hidden="true">${t}</text>` +
    `<text x="${centre}" y="14">${t}</text>`
  );
}

export function badgeSvg(b: Badge): string {
  const label = bounded(b.label);
  const message = bounded(b.message);
  const w = badgeWidths(label, message);
  const name = escapeHtml(`${label}: ${message}`);
  const colour = /^#[0-9a-f]{3,8}$/i.test(b.colour) ? b.colour : BADGE_COLOURS.unknown;
  const flat = (b.style ?? "flat") === "flat";
  const gloss = flat
    ? `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` +
      `<clipPath id="r"><rect width="${w.total}" height="20" rx="3" fill="#fff"/></clipPath>`
    : "";
  const group = flat ? `<g clip-path="url(#r)">` : `<g shape-rendering="crispEdges">`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w.total}" height="20" role="img" aria-label="${name}">` +
    `<title>${name}</title>${gloss}${group}` +
    `<rect width="${w.label}" height="20" fill="${BADGE_COLOURS.label}"/>` +
    `<rect x="${w.label}" width="${w.message}" height="20" fill="${colour}"/>` +
    (flat ? `<rect width="${w.total}" height="20" fill="url(#s)"/>` : "") +
    `</g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">` +
    shadowed(label, w.label / 2) +
    shadowed(message, w.label + w.message / 2) +
    `</g></svg>`
  );
}

/** A run's tests as the badge shows them (counts of the latest run on the branch, its matrix legs summed). */
export interface BadgeCounts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

/**
 * The badge for these counts: passing (green) when nothing failed or errored, else failing (red); "rate" shows the
 * share of the tests that ran (skipped left out), rounded down so that a failure never reads 100%. No tests that
 * ran: "no tests" (grey).
 */
export function testsBadge(counts: BadgeCounts | undefined, show: BadgeShow, style: BadgeStyle): Badge {
  if (!counts) return { label: "tests", message: "unknown", colour: BADGE_COLOURS.unknown, style };
  const ran = counts.tests - counts.skipped;
  const failing = counts.failures + counts.errors;
  if (ran <= 0) return { label: "tests", message: "no tests", colour: BADGE_COLOURS.unknown, style };
  const colour = failing > 0 ? BADGE_COLOURS.failing : BADGE_COLOURS.passing;
  if (show === "status")
    return { label: "tests", message: failing > 0 ? "failing" : "passing", colour, style };
  const rate = Math.max(0, Math.floor(((ran - failing) / ran) * 100));
  return { label: "tests", message: `${rate}% passing`, colour, style };
}
