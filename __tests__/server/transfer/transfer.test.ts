import { describe, expect, it } from "@jest/globals";
import { PassThrough } from "node:stream";
import { ingest } from "../../../src/server/ingest.js";
import type { Store } from "../../../src/server/store.js";
import { commitSubmission } from "../../../src/server/submission.js";
import { exportRuns } from "../../../src/server/transfer/export.js";
import { FormatError, parseHeader, parseLine, parseRunLine } from "../../../src/server/transfer/format.js";
import {
  decide,
  importLines,
  summaryLine,
  type ImportOptions,
  type ImportSummary,
  type OnConflict,
} from "../../../src/server/transfer/import.js";
import { readLines, type Line } from "../../../src/server/transfer/lines.js";
import { report } from "../../helpers/insight.js";
import { BACKENDS, type Backend } from "../../helpers/postgres.js";
import { testStores } from "../../helpers/server-store.js";

const policy = { trusted: [], requireSignature: false };
const stores = testStores("jux-transfer-");

async function add(store: Store, nonce: string, project = "shop"): Promise<string> {
  const xml = report({ project, branch: "main", commit: "abc", nonce, cases: [{ name: `t${nonce}` }] });
  const ingested = await ingest(xml, policy);
  if (!ingested.ok) throw new Error("not ingested");
  return (await store.transaction((tx) => tx.insertRun(ingested.run))).id;
}

async function exported(store: Store, filter = {}): Promise<string[]> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await exportRuns(store, out, filter, new Date());
  out.end();
  return Buffer.concat(chunks).toString("utf8").trimEnd().split("\n");
}

async function* linesOf(lines: string[]): AsyncGenerator<Line> {
  let n = 0;
  for (const text of lines) yield { n: ++n, text };
}

async function importInto(store: Store, lines: string[], onConflict: OnConflict = "skip") {
  const said: string[] = [];
  const options: ImportOptions = { onConflict, policy, maxReport: 1 << 20, say: (m) => said.push(m) };
  const summary = await importLines(store, linesOf(lines), "x.jsonl", options);
  return { summary, said };
}

/** Suites get new ids on import (derived rows): everything else must match. */
const withoutId = (s: { id: string }) => ({ ...s, id: undefined });

/** The runs `ids` of `b` are those of `a`: facts, verbatim bytes, per-test rows; suites but for their ids. */
async function expectSameRuns(a: Store, b: Store, ids: string[]): Promise<void> {
  for (const id of ids) {
    expect(await b.run(id)).toEqual(await a.run(id));
    expect(await b.runXml(id)).toEqual(await a.runXml(id));
    expect(await b.runTests(id)).toEqual(await a.runTests(id));
    expect((await b.suites(id)).map(withoutId)).toEqual((await a.suites(id)).map(withoutId));
  }
}

const counts = (s: ImportSummary) => [
  s.imported,
  s.skippedSame,
  s.skippedIdTaken,
  s.replaced,
  s.keptBoth,
  s.refused,
];

describe("decide: the canonical hash is the report's identity", () => {
  const newId = () => "new";
  const line = { id: "r1", hash: "h1" };
  it.each<[OnConflict, { byHash?: string; idHash?: string }, unknown]>([
    ["skip", {}, { kind: "import", id: "r1" }],
    ["replace", {}, { kind: "import", id: "r1" }],
    ["keep-both", {}, { kind: "import", id: "r1" }],
    ["skip", { byHash: "r1", idHash: "h1" }, { kind: "skip", reason: "same-report", existing: "r1" }],
    ["keep-both", { byHash: "r9" }, { kind: "skip", reason: "same-report", existing: "r9" }],
    ["replace", { byHash: "r1", idHash: "h1" }, { kind: "replace", id: "r1", remove: ["r1"] }],
    ["replace", { byHash: "r9", idHash: "h2" }, { kind: "replace", id: "r1", remove: ["r9", "r1"] }],
    ["skip", { idHash: "h2" }, { kind: "skip", reason: "id-taken", existing: "r1" }],
    ["replace", { idHash: "h2" }, { kind: "replace", id: "r1", remove: ["r1"] }],
    ["keep-both", { idHash: "h2" }, { kind: "keep-both", id: "new" }],
  ])("%s with %j", (mode, held, expected) => {
    expect(decide(mode, line, { byHash: held.byHash, idHash: held.idHash }, newId)).toEqual(expected);
  });
});

describe("the format's checks", () => {
  it("a header of another version is refused naming line 1 and what to do", () => {
    expect(() => parseHeader('{"format":"jux-serve-export","version":2}')).toThrow(
      /^line 1: export format version 2 is not supported \(this jux reads version 1\): import it with the jux version/,
    );
    expect(() => parseHeader('{"format":"other","version":1}')).toThrow(
      /line 1 is not a jux serve export header/,
    );
    expect(() => parseHeader("[1]")).toThrow(FormatError);
    expect(() =>
      parseHeader('{"format":"jux-serve-export","version":1,"exported_at":"+010000-01-01T00:00:00.000Z"}'),
    ).toThrow(/line 1: "exported_at" must be the time of the export/);
  });

  const ID = "0b6f5e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
  const bounds = { exportedAt: "2026-02-01T00:00:00.000Z", now: new Date("2026-03-01T00:00:00.000Z") };
  const good = {
    id: ID,
    canonical_hash: "a".repeat(64),
    project: "p",
    branch: null,
    commit_sha: null,
    inserted_at: "2026-01-31T12:00:00.000Z",
    signer: null,
    tags: [],
    properties: [{ name: "project", value: "p" }],
    report: Buffer.from("<testsuite/>").toString("base64"),
  };
  it("a good line passes", () => expect(parseRunLine({ ...good }, bounds)).toEqual(good));
  it("a time up to a day past the export and now passes", () => {
    const at = "2026-02-01T23:59:59.999Z";
    expect(parseRunLine({ ...good, inserted_at: at }, bounds).inserted_at).toBe(at);
    const earlyNow = { ...bounds, now: new Date("2026-01-01T00:00:00.000Z") };
    expect(() => parseRunLine({ ...good, inserted_at: "2026-01-02T00:00:00.001Z" }, earlyNow)).toThrow(
      /after the export \(2026-02-01T00:00:00.000Z\) or now/,
    );
  });
  it.each<[string, Record<string, unknown>, RegExp]>([
    ["a missing id", { id: undefined }, /"id" must be a string/],
    ["a control character in the id", { id: "a\nb" }, /"id" must be a run id as jux serve makes them/],
    [
      "an id that is not a UUID",
      { id: "r1" },
      /"id" must be a run id as jux serve makes them, a lowercase UUID/,
    ],
    ["an id that is a UUID plus more", { id: `${ID}x` }, /"id" must be a run id/],
    [
      "a time in the year 9999",
      { inserted_at: "9999-12-31T23:59:59.999Z" },
      /a run cannot be stored in the future/,
    ],
    ["a time after the export", { inserted_at: "2026-02-02T00:00:00.001Z" }, /after the export/],
    ["a time before 2000", { inserted_at: "1999-12-31T23:59:59.999Z" }, /is before 2000/],
    ["an expanded year", { inserted_at: "+010000-01-01T00:00:00.000Z" }, /must be an ISO time/],
    ["a negative year", { inserted_at: "-000001-01-01T00:00:00.000Z" }, /must be an ISO time/],
    ["a time without milliseconds", { inserted_at: "2026-01-31T12:00:00Z" }, /must be an ISO time/],
    ["a short hash", { canonical_hash: "abc" }, /"canonical_hash" must be 64/],
    ["a time in another shape", { inserted_at: "2026-01-31" }, /"inserted_at" must be an ISO time/],
    ["tags that are not strings", { tags: [1] }, /"tags" must be an array of strings/],
    ["a property without a value", { properties: [{ name: "x" }] }, /"properties" must be/],
    ["a report that is not base64", { report: "<xml>" }, /"report" must be the report's bytes in base64/],
    ["a branch that is a number", { branch: 3 }, /"branch" must be a string or null/],
  ])("%s is refused", (_, change, message) => {
    expect(() => parseRunLine({ ...good, ...change }, bounds)).toThrow(message);
  });
  it("a line that is not JSON says so", () =>
    expect(() => parseLine("{oops")).toThrow(/the line is not JSON/));
});

describe("readLines", () => {
  async function all(chunks: string[], max: number): Promise<Line[]> {
    const out: Line[] = [];
    async function* source() {
      for (const c of chunks) yield Buffer.from(c);
    }
    for await (const l of readLines(source(), max)) out.push(l);
    return out;
  }
  it("joins lines across chunks, numbers them, keeps a last line without a newline", async () => {
    expect(await all(["ab", "c\nde", "\n\nf"], 10)).toEqual([
      { n: 1, text: "abc" },
      { n: 2, text: "de" },
      { n: 3, text: "" },
      { n: 4, text: "f" },
    ]);
  });
  it("a line longer than the bound is measured, not kept, and the next line is read whole", async () => {
    expect(await all(["12345", "6789\nok\n"], 5)).toEqual([
      { n: 1, tooLong: 9 },
      { n: 2, text: "ok" },
    ]);
  });
});

describe.each(BACKENDS)("export then import (%s)", (backend) => {
  const open = () => stores.open(backend);

  it("a run keeps its id, time, facts and verbatim bytes; rows are recomputed", async () => {
    const a = await open();
    const ids = [await add(a, "1"), await add(a, "2"), await add(a, "3", "other")];
    const lines = await exported(a);
    expect(lines).toHaveLength(5);
    expect(JSON.parse(lines[4]!)).toEqual({ format: "jux-serve-export", end: true, runs: 3 });
    const b = await open();
    const { summary } = await importInto(b, lines);
    expect(counts(summary)).toEqual([3, 0, 0, 0, 0, 0]);
    expect(summary.problems).toEqual([]);
    await expectSameRuns(a, b, ids);
  });

  it("filters by project and since", async () => {
    const a = await open();
    await add(a, "1");
    await add(a, "2", "other");
    expect((await exported(a, { project: "other" })).length).toBe(3);
    expect((await exported(a, { since: "2999-01-01T00:00:00.000Z" })).length).toBe(2);
  });

  it("each --on-conflict mode against a same report and a clashing id", async () => {
    const a = await open();
    const id = await add(a, "1");
    const lines = await exported(a);
    // A different report under the same run id: a clash of ids, not of reports.
    const other = JSON.parse(lines[1]!) as Record<string, unknown>;
    const xml = report({
      project: "shop",
      branch: "main",
      commit: "abc",
      nonce: "9",
      cases: [{ name: "t9" }],
    });
    const ing = await ingest(xml, policy);
    if (!ing.ok) throw new Error("not ingested");
    const clash = JSON.stringify({
      ...other,
      canonical_hash: ing.run.canonicalHash,
      properties: ing.run.properties,
      report: xml.toString("base64"),
    });
    const file = [lines[0]!, lines[1]!, clash, '{"format":"jux-serve-export","end":true,"runs":2}'];

    const skip = await importInto(a, file, "skip");
    expect(counts(skip.summary)).toEqual([0, 1, 1, 0, 0, 0]);
    expect(summaryLine(skip.summary)).toBe(
      "imported 0, skipped 2 (1 already stored: same canonical hash; 1 run id held by another report), replaced 0, kept both 0, refused 0",
    );

    const both = await importInto(a, file, "keep-both");
    expect(counts(both.summary)).toEqual([0, 1, 0, 0, 1, 0]);
    expect(both.said).toEqual([
      expect.stringMatching(new RegExp(`line 3: run ${id} is another report here .*imported as`)),
    ]);
    expect((await a.listRuns({ sortBy: "inserted_at", sortOrder: "asc", page: 1, perPage: 10 })).total).toBe(
      2,
    );

    const replace = await importInto(a, file, "replace");
    expect(counts(replace.summary)).toEqual([0, 0, 0, 2, 0, 0]);
    // The last line wins the id: the report stored under it is the clashing one; the copy kept-both is replaced too.
    expect(await a.runXml(id)).toEqual(xml);
    expect((await a.listRuns({ sortBy: "inserted_at", sortOrder: "asc", page: 1, perPage: 10 })).total).toBe(
      1,
    );
  });

  it("replace deletes the replaced run as retention does: its Idempotency-Key answer, the tests no run has", async () => {
    const a = await open();
    const db = await stores.raw(a);
    const xml = report({
      project: "shop",
      branch: "main",
      nonce: "old",
      cases: [{ name: "gone" }, { name: "kept" }],
    });
    const ingested = await ingest(Buffer.from(xml), policy);
    if (!ingested.ok) throw new Error("not ingested");
    const id = (await commitSubmission(a, ingested, "key-1", "1970-01-01T00:00:00.000Z")).runId!;
    const b = await open();
    await add(b, "new");
    const lines = await exported(b);
    const clash = { ...(JSON.parse(lines[1]!) as Record<string, unknown>), id };
    expect(await db.count("SELECT count(*) AS n FROM test_keys")).toBe(2);
    const { summary } = await importInto(a, [lines[0]!, JSON.stringify(clash), lines[2]!], "replace");
    expect(summary.replaced).toBe(1);
    expect(await a.idempotentResponse("key-1", "1970-01-01T00:00:00.000Z")).toBeUndefined();
    // The replaced run's tests (gone, kept) are no run's any more; the imported run's (tnew) is.
    expect(await db.all("SELECT key FROM test_keys")).toHaveLength(1);
    expect(await db.count("SELECT count(*) AS n FROM test_runs")).toBe(1);
  });

  it("hostile lines are refused by number and reason; the others are imported", async () => {
    const a = await open();
    await add(a, "1");
    await add(a, "2");
    await add(a, "3");
    const lines = await exported(a);
    const altered = JSON.parse(lines[2]!) as Record<string, string>;
    altered.canonical_hash = "0".repeat(64);
    const renamed = { ...(JSON.parse(lines[3]!) as Record<string, string>), project: "elsewhere" };
    const file = [
      lines[0]!,
      lines[1]!,
      JSON.stringify(altered),
      JSON.stringify(renamed),
      "{not json",
      lines[4]!,
    ];
    const b = await open();
    const { summary, said } = await importInto(b, file);
    expect(counts(summary)).toEqual([1, 0, 0, 0, 0, 3]);
    expect(said).toEqual([
      'x.jsonl line 3 refused: its "canonical_hash" differs from the report\'s (recomputed from the verbatim XML): the line was altered',
      'x.jsonl line 4 refused: its "project" differs from the report\'s (recomputed from the verbatim XML): the line was altered',
      expect.stringMatching(/^x\.jsonl line 5 refused: the line is not JSON/),
    ]);
    // The trailer counts 3 runs: 4 run lines were read (the bad JSON one counted as a run line).
    expect(summary.problems).toEqual([
      expect.stringMatching(/trailer counts 3 runs, the file has 4 run lines/),
    ]);
  });

  it("a report that is not JUnit, and a file without its trailer, are said", async () => {
    const a = await open();
    await add(a, "1");
    const lines = await exported(a);
    const bad = { ...(JSON.parse(lines[1]!) as object), report: Buffer.from("<html/>").toString("base64") };
    const { summary, said } = await importInto(await open(), [lines[0]!, JSON.stringify(bad)]);
    expect(said).toEqual([
      "x.jsonl line 2 refused: its report is refused: Not a JUnit XML report (" + said[0]!.split("(")[1]!,
    ]);
    expect(summary.refused).toBe(1);
    expect(summary.problems).toEqual([
      "x.jsonl ends without its trailer line: the export is incomplete (truncated?); export it again",
    ]);
  });

  it("a file of another version imports nothing", async () => {
    await expect(importInto(await open(), ['{"format":"jux-serve-export","version":7}'])).rejects.toThrow(
      /^x\.jsonl line 1: export format version 7 is not supported/,
    );
  });
});

/** Moving a server from one backend to the other: what one exports, the other imports as it was. */
const CROSSINGS: [Backend, Backend][] = BACKENDS.includes("postgres")
  ? [
      ["sqlite", "postgres"],
      ["postgres", "sqlite"],
    ]
  : [];
(CROSSINGS.length ? describe.each(CROSSINGS) : describe.skip.each([["sqlite", "postgres"]]))(
  "export from %s, import into %s",
  (from, to) => {
    it("every run keeps its id, time, facts and verbatim bytes, and exports again line for line", async () => {
      const a = await stores.open(from);
      const ids = [await add(a, "1"), await add(a, "2"), await add(a, "3", "other")];
      const lines = await exported(a);
      const b = await stores.open(to);
      const { summary } = await importInto(b, lines);
      expect(counts(summary)).toEqual([3, 0, 0, 0, 0, 0]);
      await expectSameRuns(a, b, ids);
      // The header and trailer carry the export's time; every run line is the same bytes.
      expect((await exported(b)).slice(1, -1)).toEqual(lines.slice(1, -1));
    });
  },
);
