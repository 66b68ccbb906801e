/** The badge: widths from the text, colours and words by the counts, escaping, nothing external. */
import { describe, expect, it } from "@jest/globals";
import {
  BADGE_COLOURS,
  MAX_BADGE_TEXT,
  badgeSvg,
  badgeWidths,
  testsBadge,
  textWidth,
} from "../../../src/server/views/badge.js";

const counts = (tests: number, failures = 0, errors = 0, skipped = 0) => ({
  tests,
  failures,
  errors,
  skipped,
});

describe("textWidth and badgeWidths", () => {
  it("grows with the text, narrow letters narrower than wide ones", () => {
    expect(textWidth("")).toBe(0);
    expect(textWidth("iiii")).toBeLessThan(textWidth("mmmm"));
    expect(textWidth("tests")).toBeGreaterThan(20);
    expect(textWidth("tests")).toBeLessThan(35);
    expect(textWidth("97% passing")).toBeGreaterThan(textWidth("passing"));
    expect(textWidth("漢字")).toBeGreaterThanOrEqual(22);
  });

  it("each half is its text plus 5 px on either side; the total is their sum", () => {
    const w = badgeWidths("tests", "passing");
    expect(w.label).toBe(textWidth("tests") + 10);
    expect(w.message).toBe(textWidth("passing") + 10);
    expect(w.total).toBe(w.label + w.message);
  });
});

describe("badgeSvg", () => {
  const svg = badgeSvg({ label: "tests", message: "97% passing", colour: BADGE_COLOURS.failing });

  it("is a 20 px high SVG with two coloured halves and the texts centred in them", () => {
    const w = badgeWidths("tests", "97% passing");
    expect(svg).toMatch(
      new RegExp(
        `^<svg xmlns="http://www.w3.org/2000/svg" width="${w.total}" height="20" role="img" aria-label="tests: 97% passing">`,
      ),
    );
    expect(svg).toContain(`<title>tests: 97% passing</title>`);
    expect(svg).toContain(`<rect width="${w.label}" height="20" fill="#555"/>`);
    expect(svg).toContain(`<rect x="${w.label}" width="${w.message}" height="20" fill="#e05d44"/>`);
    expect(svg).toContain(`<text x="${w.label / 2}" y="14">tests</text>`);
    expect(svg).toContain(`<text x="${w.label + w.message / 2}" y="14">97% passing</text>`);
    expect(svg).toContain(`rx="3"`);
  });

  it("refers to nothing outside itself: no href, no external url(), no <style>, no script, no <image>", () => {
    for (const style of ["flat", "flat-square"] as const) {
      const s = badgeSvg({ label: "tests", message: "passing", colour: "#4c1", style });
      expect(s).not.toMatch(/href|<style|<script|<image|<foreignObject|url\((?!#)|@import/i);
      expect([...s.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]).every((u) => u!.startsWith("#"))).toBe(true);
    }
  });

  it("flat-square has square corners and no gloss", () => {
    const s = badgeSvg({ label: "tests", message: "passing", colour: "#4c1", style: "flat-square" });
    expect(s).not.toContain("rx=");
    expect(s).not.toContain("linearGradient");
    expect(s).toContain(`shape-rendering="crispEdges"`);
  });

  it("escapes its texts: a hostile label or message adds no element or attribute", () => {
    const evil = `"><script>alert(1)</script><a href="javascript:x">&`;
    const s = badgeSvg({ label: evil, message: `</text><image href="http://evil/x"/>`, colour: "#4c1" });
    expect(s).not.toMatch(/<script|<a |<image|href="/);
    expect(s).toContain("&#34;&#62;&#60;script&#62;");
    const tags = new Set([...s.matchAll(/<\/?([a-zA-Z]+)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual([
      "clipPath",
      "g",
      "linearGradient",
      "rect",
      "stop",
      "svg",
      "text",
      "title",
    ]);
  });

  it("a colour that is not a hex colour is replaced by grey (it would land in an attribute)", () => {
    const s = badgeSvg({ label: "tests", message: "x", colour: `red" onload="alert(1)` });
    expect(s).not.toContain("onload");
    expect(s).toContain(`fill="${BADGE_COLOURS.unknown}"`);
  });

  it("cuts a long text to MAX_BADGE_TEXT characters with an ellipsis, and drops control characters", () => {
    const s = badgeSvg({ label: "x".repeat(500), message: "a\u0000b\u202ec", colour: "#4c1" });
    expect(s).toContain(`>${"x".repeat(MAX_BADGE_TEXT - 1)}…</text>`);
    expect(s).toContain(">abc</text>");
  });
});

describe("testsBadge", () => {
  it.each([
    ["all passed", counts(40), "rate", "100% passing", BADGE_COLOURS.passing],
    ["all passed", counts(40), "status", "passing", BADGE_COLOURS.passing],
    ["1 failure in 1000: never 100%", counts(1000, 1), "rate", "99% passing", BADGE_COLOURS.failing],
    ["1 failure", counts(1000, 1), "status", "failing", BADGE_COLOURS.failing],
    ["skipped left out", counts(10, 0, 1, 5), "rate", "80% passing", BADGE_COLOURS.failing],
    ["all skipped", counts(3, 0, 0, 3), "rate", "no tests", BADGE_COLOURS.unknown],
    ["no tests", counts(0), "status", "no tests", BADGE_COLOURS.unknown],
  ] as const)("%s (%s) → %s", (_why, c, show, message, colour) => {
    expect(testsBadge(c, show, "flat")).toEqual({ label: "tests", message, colour, style: "flat" });
  });

  it("no run: grey 'unknown'", () => {
    expect(testsBadge(undefined, "rate", "flat-square")).toEqual({
      label: "tests",
      message: "unknown",
      colour: BADGE_COLOURS.unknown,
      style: "flat-square",
    });
  });
});
