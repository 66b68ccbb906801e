/**
 * `jux cache compare` and `jux compare`: two runs' tests side by side, through the one comparison of
 * junit/compare.ts (by test id, retries merged as the per-test model merges them), plus the tests that got slower.
 */
import { compareTests, unionTests, type TestLike } from "../junit/compare.js";
import type { TestOutcome } from "../junit/outcome.js";
import { TestCollector, type RunCounts, type TestRun } from "../junit/tests.js";
import { readReport, type ReportReading } from "../report/read-report.js";
import type { ReadLimits } from "../xml/reader.js";

export interface CaseRef {
  suite: string;
  classname: string;
  name: string;
  file?: string;
  line?: number;
}

export interface CaseChange extends CaseRef {
  /** The outcome in A (the base); absent for a test A did not have. */
  before?: TestOutcome;
  after: TestOutcome;
  /** The failure's first line: B's for a new or still failing test, A's for a fixed one. */
  message?: string;
}

export interface CasePresence extends CaseRef {
  status: TestOutcome;
}

export interface SlowerCase extends CaseRef {
  before: number;
  after: number;
}

/** What changed from A (the base) to B (the head), in the shapes `jux cache compare --json` has always printed. */
export interface TestDifferences {
  /** Failed or error in B, and not in A: passed, skipped, flaky there, or not there at all (then also in added). */
  newlyFailing: CaseChange[];
  /** Failed or error in both. */
  stillFailing: CaseChange[];
  /** Failed or error in A, passed or flaky in B. */
  fixed: CaseChange[];
  /** In B only. */
  added: CasePresence[];
  /** In A only. */
  removed: CasePresence[];
  /** In both, and slower in B by the factor and the minimum; the largest difference first. */
  slower: SlowerCase[];
}

export interface Comparison extends TestDifferences {
  sourceA: string;
  sourceB: string;
  totals: { a: RunCounts; b: RunCounts };
  /** The sources whose tests were not all read (more than MAX_COMPARED_TESTS); their figures are partial. */
  truncated: string[];
}

export interface SlowerOptions {
  /** A test is slower when it takes this many times as long in B; default 1.5. */
  slowerFactor?: number;
  /** ...and at least this many seconds longer (noise below is ignored); default 0.1. */
  minSeconds?: number;
}

/** A report to read: how messages call it and its bytes, opened once and streamed. */
export interface ReportInput {
  source: string;
  open: () => AsyncIterable<Buffer>;
}

/** Tests kept per report for a comparison (all are still counted); the model holds no failure text, only a line. */
export const MAX_COMPARED_TESTS = 500_000;

/**
 * A report read once, streaming: its reading (counts, hash, signature) and its per-test model. XmlError (naming the
 * source) when it is not a well-formed JUnit report.
 */
export async function readTests(
  input: ReportInput,
  options: { limits?: Partial<ReadLimits>; maxCases?: number } = {},
): Promise<{ reading: ReportReading; run: TestRun }> {
  const collector = new TestCollector(input.source, { maxCases: options.maxCases ?? MAX_COMPARED_TESTS });
  const reading = await readReport({
    source: input.source,
    open: input.open,
    also: collector,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  return { reading, run: collector.run() };
}

function refOf(t: TestLike): CaseRef {
  const ref: CaseRef = { suite: t.suite, classname: t.classname, name: t.name };
  if (t.file !== undefined) ref.file = t.file;
  if (t.line !== undefined) ref.line = t.line;
  return ref;
}

function changeOf(head: TestLike, before: TestOutcome | undefined, messageFrom: TestLike | undefined) {
  const c: CaseChange = { ...refOf(head), ...(before ? { before } : {}), after: head.outcome };
  const message = messageFrom?.failure?.message;
  if (message !== undefined) c.message = message;
  return c;
}

/**
 * The differences from `base` to `head` by compareTests (junit/compare.ts), with the slower tests. Each list keeps
 * the head's order (removed: the base's; slower: the largest difference first).
 */
export function differences<T extends TestLike>(
  base: Iterable<T>,
  head: Iterable<T>,
  options: SlowerOptions = {},
): TestDifferences {
  const factor = options.slowerFactor ?? 1.5;
  const minSeconds = options.minSeconds ?? 0.1;
  const baseById = unionTests([base]);
  const headById = unionTests([head]);
  const c = compareTests(baseById.values(), headById.values());
  const slower: SlowerCase[] = [];
  for (const [id, now] of headById) {
    const old = baseById.get(id);
    const [was, is] = [old?.duration ?? 0, now.duration ?? 0];
    if (old && is >= was * factor && is - was >= minSeconds)
      slower.push({ ...refOf(now), before: was, after: is });
  }
  slower.sort((x, y) => y.after - y.before - (x.after - x.before));
  return {
    newlyFailing: c.newFailures.map(({ test, before }) => changeOf(test, before, test)),
    stillFailing: c.stillFailing.map(({ test, before }) => changeOf(test, before, test)),
    fixed: c.fixed.map(({ test, before }) => changeOf(test, before, baseById.get(test.id))),
    added: c.added.map((t) => ({ ...refOf(t), status: t.outcome })),
    removed: c.removed.map((t) => ({ ...refOf(t), status: t.outcome })),
    slower,
  };
}

/** Per-test differences from report A to report B, each read once, streaming (XmlError if either is not JUnit). */
export async function compareReports(
  a: ReportInput,
  b: ReportInput,
  options: SlowerOptions & { limits?: Partial<ReadLimits> } = {},
): Promise<Comparison> {
  const [before, after] = await Promise.all([readTests(a, options), readTests(b, options)]);
  return {
    sourceA: a.source,
    sourceB: b.source,
    totals: { a: before.run.counts, b: after.run.counts },
    ...differences(before.run.tests, after.run.tests, options),
    truncated: [before, after].flatMap((r, i) => (r.run.truncated ? [[a, b][i]!.source] : [])),
  };
}
