/**
 * The job's tests, read in each report's signing (or reading) pass: the per-test model (core's TestCollector), the
 * first lines of each failure's text for the summary, and the bounded insight the main step hands the post step.
 */
import { capUtf8 } from "../../core/junit/details.js";
import {
  compareTests,
  isFailing,
  unionTests,
  type TestComparison,
  type TestLike,
} from "../../core/junit/compare.js";
import { TestCollector, testId, type RunCounts, type TestResult } from "../../core/junit/tests.js";
import type { EndTag, StartTag, XmlHandler } from "../../core/xml/reader.js";

/** Lines and UTF-8 bytes kept of a failure's text (its stack), and of how many failing tests of a report. */
export const STACK_LINES = 12;
export const STACK_BYTES = 2048;
export const MAX_STACKS = 300;
/** Tests kept per list in the manifest (the summary shows fewer when its budget is reached). */
export const MAX_LISTED = 500;
export const MAX_COMPARED = 200;
export const SLOWEST = 10;

/** One report's tests, read as it is signed: pass it as `also`, then call tests(). */
export class ReportTests implements XmlHandler {
  private readonly collector: TestCollector;
  readonly stacks = new Map<string, string>();

  constructor(source: string) {
    // The failures' first lines come from the model's own reading of each testcase: no second collector.
    this.collector = new TestCollector(source, {
      onCase: (suite, c) => {
        if ((c.status !== "failed" && c.status !== "error") || !c.details) return;
        const id = testId(suite, c.classname, c.name);
        if (this.stacks.size < MAX_STACKS && !this.stacks.has(id))
          this.stacks.set(id, firstLines(capUtf8(c.details, STACK_BYTES)));
      },
    });
  }

  startElement(tag: StartTag): void {
    this.collector.startElement(tag);
  }

  endElement(tag: EndTag): void {
    this.collector.endElement(tag);
  }

  text(raw: Buffer, cdata: boolean): void {
    this.collector.text(raw, cdata);
  }

  result(): ReportTestRun {
    const run = this.collector.run();
    return { counts: run.counts, tests: run.tests, truncated: run.truncated, stacks: this.stacks };
  }
}

export interface ReportTestRun {
  counts: RunCounts;
  tests: TestResult[];
  truncated: boolean;
  stacks: ReadonlyMap<string, string>;
}

/** The non-blank first lines of a failure's text, bounded. */
export function firstLines(text: string): string {
  const lines = text
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== "")
    .slice(0, STACK_LINES);
  return capUtf8(lines.join("\n"), STACK_BYTES);
}

/** A test as the manifest keeps it: the model's fields, its failure's first lines, and how it was in the baseline. */
export interface InsightTest {
  suite: string;
  classname: string;
  name: string;
  outcome: TestResult["outcome"];
  duration: number;
  file?: string;
  line?: number;
  /** `file` relative to the workspace, when it is a file there (workspace-paths.ts): what the summary links. */
  path?: string;
  failure?: { type?: string; message?: string };
  retries?: number;
  stack?: string;
  /** A failing test that was not failing in the baseline. */
  isNew?: boolean;
  /** The baseline's outcome (comparison lists). */
  before?: TestResult["outcome"];
}

/** A failure's type and message as one line ("Type: message"; the message alone when it already names the type). */
export function failureText(f: { type?: string; message?: string } | undefined): string {
  if (!f) return "";
  if (f.type === undefined) return f.message ?? "";
  if (f.message === undefined) return f.type;
  return f.message.startsWith(f.type) ? f.message : `${f.type}: ${f.message}`;
}

/** A list cut to a cap, with how many there were. */
export interface Capped<T> {
  total: number;
  items: T[];
}

export interface Comparison {
  newFailures: Capped<InsightTest>;
  fixed: Capped<InsightTest>;
  stillFailing: Capped<InsightTest>;
  removed: Capped<InsightTest>;
}

/** What the main step learnt of the job's tests: bounded, so that the manifest stays small whatever the reports. */
export interface Insight {
  tests: number;
  flaky: number;
  /** Failing tests (failed or error, by test id): new failures first, then by file and line. */
  failing: Capped<InsightTest>;
  flakyTests: Capped<InsightTest>;
  slowest: InsightTest[];
  /** What the tests were compared with, or why they were not. */
  baseline: { found: boolean; description: string };
  comparison?: Comparison;
  /** `<server>/<owner>/<repo>/blob/<sha>`, where a test's `path` is linked (line anchors added). */
  blobUrl?: string;
  /** A report had more testcases than the model keeps (100 000): lists may miss some; counts do not. */
  truncated: boolean;
}

/** UTF-8 bytes kept of each name (a baseline's tests come from a server or a cache entry: untrusted). */
const MAX_NAME_BYTES = 1024;

function slim(t: TestLike & { retries?: number }, stacks: ReadonlyMap<string, string>): InsightTest {
  const cap = (v: string) => capUtf8(String(v), MAX_NAME_BYTES);
  const s: InsightTest = {
    suite: cap(t.suite),
    classname: cap(t.classname),
    name: cap(t.name),
    outcome: t.outcome,
    duration: typeof t.duration === "number" && Number.isFinite(t.duration) ? t.duration : 0,
  };
  if (typeof t.file === "string") s.file = cap(t.file);
  if (typeof t.line === "number" && Number.isSafeInteger(t.line) && t.line > 0) s.line = t.line;
  const f = t.failure;
  if (f && (f.type !== undefined || f.message !== undefined))
    s.failure = {
      ...(f.type !== undefined ? { type: cap(f.type) } : {}),
      ...(f.message !== undefined ? { message: cap(f.message) } : {}),
    };
  if (t.retries !== undefined && t.retries > 0) s.retries = t.retries;
  const stack = stacks.get(t.id);
  if (stack !== undefined && isFailing(t.outcome)) s.stack = stack;
  return s;
}

function capped<T, U>(all: T[], max: number, map: (t: T) => U): Capped<U> {
  return { total: all.length, items: all.slice(0, max).map(map) };
}

/** By file (tests without one last), then line, then name: the order annotations and the summary list them in. */
export function byLocation(a: TestResult, b: TestResult): number {
  if ((a.file === undefined) !== (b.file === undefined)) return a.file === undefined ? 1 : -1;
  const f = (a.file ?? "").localeCompare(b.file ?? "");
  if (f !== 0) return f;
  return (a.line ?? 0) - (b.line ?? 0) || a.name.localeCompare(b.name);
}

/** The job's tests: every report's tests as one set by test id (core's unionTests), in report order. */
export function jobTests(runs: readonly ReportTestRun[]): {
  tests: TestResult[];
  stacks: Map<string, string>;
} {
  const stacks = new Map<string, string>();
  for (const r of runs) for (const [id, s] of r.stacks) if (!stacks.has(id)) stacks.set(id, s);
  return { tests: [...unionTests<TestResult>(runs.map((r) => r.tests)).values()], stacks };
}

/** What insightOf compares with: findBaseline's answer. */
export type BaselineResult =
  { found: true; description: string; tests: readonly TestLike[] } | { found: false; description: string };

/** The failing tests in annotation order: new failures first, then by file. */
export function failingOrder(tests: readonly TestResult[], isNew: (t: TestResult) => boolean): TestResult[] {
  const failing = tests.filter((t) => isFailing(t.outcome));
  return [...failing.filter(isNew).sort(byLocation), ...failing.filter((t) => !isNew(t)).sort(byLocation)];
}

/** The insight of the job's tests against a baseline: counts, bounded lists, the comparison. */
export function insightOf(
  runs: readonly ReportTestRun[],
  baseline: BaselineResult,
): { insight: Insight; ordered: TestResult[]; comparison?: TestComparison } {
  const { tests, stacks } = jobTests(runs);
  const comparison = baseline.found ? compareTests<TestLike>(baseline.tests, tests) : undefined;
  const fresh = new Set(comparison?.newFailures.map((c) => c.test.id) ?? []);
  const ordered = failingOrder(tests, (t) => fresh.has(t.id));
  const withMark = (t: TestResult) => ({ ...slim(t, stacks), ...(fresh.has(t.id) ? { isNew: true } : {}) });
  const flaky = tests.filter((t) => t.outcome === "flaky");
  const slowest = [...tests].sort((a, b) => b.duration - a.duration).slice(0, SLOWEST);
  const insight: Insight = {
    tests: tests.length,
    flaky: flaky.length,
    failing: capped(ordered, MAX_LISTED, withMark),
    flakyTests: capped(flaky.sort(byLocation), MAX_LISTED, (t) => slim(t, stacks)),
    slowest: slowest.filter((t) => t.duration > 0).map((t) => slim(t, new Map())),
    baseline: { found: baseline.found, description: baseline.description },
    truncated: runs.some((r) => r.truncated),
  };
  if (comparison) {
    const change = (c: { test: TestLike; before?: TestResult["outcome"] }) => ({
      ...slim(c.test, new Map()),
      ...(c.before ? { before: c.before } : {}),
    });
    insight.comparison = {
      newFailures: capped(comparison.newFailures, MAX_COMPARED, change),
      fixed: capped(comparison.fixed, MAX_COMPARED, change),
      stillFailing: capped(comparison.stillFailing, MAX_COMPARED, change),
      removed: capped(comparison.removed, MAX_COMPARED, (t) => slim(t, new Map())),
    };
  }
  return { insight, ordered, ...(comparison ? { comparison } : {}) };
}
