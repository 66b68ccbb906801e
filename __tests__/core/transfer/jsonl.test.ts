import { describe, expect, test } from "@jest/globals";
import {
  lineMismatch,
  parseRunLine,
  runIdOf,
  statedFacts,
  tagsOf,
  type RunLine,
} from "../../../src/core/transfer/jsonl.js";

const HASH = "ab".repeat(32);

describe("the export format's shared parts", () => {
  test("a report without a run id gets one made from its hash: a lowercase UUID (v8) jux serve import accepts", () => {
    const id = runIdOf(HASH);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(runIdOf(HASH)).toBe(id);
    expect(runIdOf("cd".repeat(32))).not.toBe(id);
    const line = {
      id,
      canonical_hash: HASH,
      project: "p",
      branch: null,
      commit_sha: null,
      inserted_at: "2026-01-31T12:00:00.000Z",
      signer: null,
      tags: [],
      properties: [],
      report: "PHgvPg==",
    };
    const bounds = { exportedAt: "2026-02-01T00:00:00.000Z", now: new Date("2026-02-01T00:00:00Z") };
    expect(parseRunLine(line, bounds)).toEqual(line);
  });

  test("stated facts are read as jux serve files a run: the last property of a name wins, empty is absent", () => {
    const props = [
      { name: "project", value: "first" },
      { name: "git:branch", value: "" },
      { name: "project", value: "last" },
      { name: "git:commit", value: "abc" },
    ];
    expect(statedFacts(HASH, props)).toEqual({
      canonical_hash: HASH,
      project: "last",
      branch: null,
      commit_sha: "abc",
      properties: props,
    });
    expect(statedFacts(HASH, []).project).toBe("");
  });

  test("a line whose facts differ from its report's is named by the first field that differs", () => {
    const facts = statedFacts(HASH, [{ name: "project", value: "p" }]);
    const line = {
      ...facts,
      id: runIdOf(HASH),
      inserted_at: "",
      signer: null,
      tags: [],
      report: "",
    } as RunLine;
    expect(lineMismatch(line, facts)).toBeUndefined();
    expect(lineMismatch({ ...line, branch: "main" }, facts)).toBe(
      'its "branch" differs from the report\'s (recomputed from the verbatim XML): the line was altered',
    );
    expect(lineMismatch({ ...line, properties: [] }, facts)).toContain('"properties"');
  });

  test("tags: jux:tags (else tags), comma-separated, trimmed", () => {
    expect(tagsOf([{ name: "jux:tags", value: " a, b ,,c" }])).toEqual(["a", "b", "c"]);
    expect(tagsOf([{ name: "tags", value: "x" }])).toEqual(["x"]);
    expect(tagsOf([])).toEqual([]);
  });
});
