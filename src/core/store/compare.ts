import { DetailsCollector, type CaseStatus } from "../junit/details.js";
import type { Counts } from "../junit/summary.js";
import { readReport } from "../report/read-report.js";
import { bytesOnce } from "../report/sources.js";

export interface CaseRef {
  suite: string;
  classname: string;
  name: string;
}

export interface CaseChange extends CaseRef {
  before: CaseStatus;
  after: CaseStatus;
  /** The failure's or error's message in B (newly failing) or A (fixed), when there is one. */
  message?: string;
}

export interface CasePresence extends CaseRef {
  status: CaseStatus;
}

export interface SlowerCase extends CaseRef {
  before: number;
  after: number;
}

export interface Comparison {
  sourceA: string;
  sourceB: string;
  totals: { a: Counts; b: Counts };
  /** Passed or skipped in A, failed or error in B. */
  newlyFailing: CaseChange[];
  /** Failed or error in A, passed or skipped in B. */
  fixed: CaseChange[];
  /** In B only. */
  added: CasePresence[];
  /** In A only. */
  removed: CasePresence[];
  slower: SlowerCase[];
}

export interface CompareOptions {
  sourceA: string;
  sourceB: string;
  /** A test is slower when it takes this many times as long in B; default 1.5. */
  slowerFactor?: number;
  /** ...and at least this many seconds longer (noise below is ignored); default 0.1. */
  minSeconds?: number;
}

interface Case {
  ref: CaseRef;
  status: CaseStatus;
  time: number;
  message?: string;
}

const FAILING: ReadonlySet<CaseStatus> = new Set(["failed", "error"]);

/** Every testcase of a report, keyed by (suite, classname, name); repeats of one key get "#2", "#3"... */
async function casesOf(bytes: Buffer, source: string): Promise<{ counts: Counts; cases: Map<string, Case> }> {
  const collector = new DetailsCollector({
    maxCases: Number.MAX_SAFE_INTEGER,
    maxSuites: Number.MAX_SAFE_INTEGER,
    maxDetailBytes: 1024,
  });
  const reading = await readReport({ source, open: () => bytesOnce(bytes), also: collector });
  const cases = new Map<string, Case>();
  for (const suite of collector.suites())
    for (const c of suite.cases) {
      const base = JSON.stringify([suite.name, c.classname, c.name]);
      let key = base;
      for (let n = 2; cases.has(key); n++) key = `${base}#${n}`;
      const entry: Case = {
        ref: { suite: suite.name, classname: c.classname, name: c.name },
        status: c.status,
        time: c.time,
      };
      if (c.message !== undefined) entry.message = c.message;
      cases.set(key, entry);
    }
  const { tests, failures, errors, skipped, passed, time } = reading.summary;
  return { counts: { tests, failures, errors, skipped, passed, time }, cases };
}

function change(a: Case, b: Case, messageFrom: Case): CaseChange {
  const c: CaseChange = { ...a.ref, before: a.status, after: b.status };
  if (messageFrom.message !== undefined) c.message = messageFrom.message;
  return c;
}

/** Per-test differences from report A to report B (both read with the strict reader; XmlError if either fails). */
export async function compareReports(a: Buffer, b: Buffer, options: CompareOptions): Promise<Comparison> {
  const factor = options.slowerFactor ?? 1.5;
  const minSeconds = options.minSeconds ?? 0.1;
  const [before, after] = await Promise.all([casesOf(a, options.sourceA), casesOf(b, options.sourceB)]);
  const result: Comparison = {
    sourceA: options.sourceA,
    sourceB: options.sourceB,
    totals: { a: before.counts, b: after.counts },
    newlyFailing: [],
    fixed: [],
    added: [],
    removed: [],
    slower: [],
  };
  for (const [key, old] of before.cases) {
    const now = after.cases.get(key);
    if (!now) {
      result.removed.push({ ...old.ref, status: old.status });
      continue;
    }
    const wasFailing = FAILING.has(old.status);
    const isFailing = FAILING.has(now.status);
    if (!wasFailing && isFailing) result.newlyFailing.push(change(old, now, now));
    else if (wasFailing && !isFailing) result.fixed.push(change(old, now, old));
    if (now.time >= old.time * factor && now.time - old.time >= minSeconds)
      result.slower.push({ ...old.ref, before: old.time, after: now.time });
  }
  for (const [key, now] of after.cases)
    if (!before.cases.has(key)) result.added.push({ ...now.ref, status: now.status });
  result.slower.sort((x, y) => y.after - y.before - (x.after - x.before));
  return result;
}
