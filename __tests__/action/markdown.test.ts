/**
 * The escaping of untrusted text where people read it (src/action/markdown.ts): a test's name cannot notify a user
 * or a team, reference an issue or make a clickable link in the job summary or the pull-request comment, and no
 * bidirectional or zero-width character hides what a name says; the summary and the test sections import each
 * other no more.
 */
import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { cell, htmlText, printable } from "../../src/action/markdown.js";

const WJ = "\u2060";
const HOSTILE = "@octocat @acme/security see https://evil.example/login www.evil.example org/repo#1";

/** What GitHub would turn into a mention, a reference or an autolink (GFM's extended autolinks included). */
const LIVE = [
  /@[A-Za-z0-9]/, // @user, @org/team, user@host
  /#\d/, // #1, org/repo#1
  /\bGH-\d/i,
  /[a-z]:\/\//i, // http://, https://, ftp://
  /\bwww\./i,
];

describe("cell(): no mention, reference or autolink; still readable", () => {
  test("the reviewer's example", () => {
    const out = cell(HOSTILE);
    expect(out).toBe(
      `@${WJ}octocat @${WJ}acme/security see https:${WJ}//evil.example/login www${WJ}.evil.example org/repo#${WJ}1`,
    );
    for (const live of LIVE) expect(out).not.toMatch(live);
    // Only invisible joiners were added: the name reads as it was written.
    expect(out.replaceAll(WJ, "")).toBe(HOSTILE);
  });

  test("e-mail addresses, GH- references, other schemes, upper case", () => {
    const text =
      "mail me@evil.example, see GH-12 and gh-3, ftp://x.example HTTPS://X.EXAMPLE WWW.X.EXAMPLE #top";
    const out = cell(text);
    for (const live of LIVE) expect(out).not.toMatch(live);
    expect(out.replaceAll(WJ, "")).toBe(text);
  });

  test("a word joiner already in the name is escaped, so only the ones added are invisible", () => {
    expect(cell(`a${WJ}b @c`)).toBe(`a\\u2060b @${WJ}c`);
  });

  test("Markdown and HTML stay escaped as before", () => {
    expect(cell("[x](https://e.example) <b>&</b> | `c`")).toBe(
      `\\[x\\](https:${WJ}//e.example) &lt;b&gt;&amp;&lt;/b&gt; \\| \\\`c\\\``,
    );
  });
});

test("htmlText(): the <pre> text has no mention, reference or link either, and no tag", () => {
  const out = htmlText(`${HOSTILE}\n\tat </pre><a href="https://evil.example">x</a> [y]`);
  // As the browser reads it: the renderer's own entities (&#91; for [) are characters, not references.
  const read = out.replace(/&#9[13];/g, "_");
  for (const live of LIVE) expect(read).not.toMatch(live);
  expect(out).not.toMatch(/<|\[|\]/);
  expect(out.split("\n")).toHaveLength(2);
  expect(out.split("\n")[1]).toMatch(/^ {4}at &lt;\/pre&gt;&lt;a href="https:\u2060\/\/evil/);
});

test("printable(): bidirectional and zero-width characters become \\u escapes, like control characters", () => {
  const text = "a\u202ab\u202ec\u2066d\u2069e\u200bf\u200fg\u200ch\ufeffi\u061cj\u0007k\u2028l";
  expect(printable(text)).toBe(
    "a\\u202ab\\u202ec\\u2066d\\u2069e\\u200bf\\u200fg\\u200ch\\ufeffi\\u061cj\\u0007k\\u2028l",
  );
  expect(printable("é 😀 𝄞 名前 שלום")).toBe("é 😀 𝄞 名前 שלום");
  expect(cell("test\u202eevil")).toBe("test\\u202eevil");
});

test("summary.ts and insight/render.ts do not import each other (both read ./markdown.js)", () => {
  const source = (p: string) => readFileSync(new URL(`../../src/action/${p}`, import.meta.url), "utf8");
  expect(source("insight/render.ts")).not.toMatch(/from "\.\.\/summary\.js"/);
  expect(source("insight/render.ts")).toMatch(/from "\.\.\/markdown\.js"/);
  expect(source("summary.ts")).toMatch(/from "\.\/insight\/render\.js"/);
});

test("printable(): no workflow command survives, the legacy ##[...] anywhere or ::...:: at the start", () => {
  // A fork's artifact or test may be named so; the runner would stop reading commands, mask or annotate.
  expect(printable("other artifacts: ##[stop-commands]pwn")).toBe(
    "other artifacts: #\\u0023[stop-commands]pwn",
  );
  expect(printable("###[add-mask]x")).not.toContain("##[");
  expect(printable("::error::forged")).toBe("\\u003a:error::forged");
  expect(printable("  ::warning::x")).toBe("  \\u003a:warning::x");
  expect(printable("a::b")).toBe("a::b");
});
