import {
  DetailsCollector,
  capUtf8,
  type CaseDetail,
  type CaseExtras,
  type DetailsOptions,
  type SuiteDetail,
} from "./details.js";
import { RANK, caseOutcome, failedOnce, mergeOutcomes, type TestOutcome } from "./outcome.js";
import { countsOf, roundSeconds, Summarizer, type Counts } from "./summary.js";
import { locate } from "./location.js";
import type { EndTag, StartTag, XmlHandler } from "../xml/reader.js";

export type { TestOutcome };

/** A failure's or error's type and the first line of its message (or of its text when it has no message), bounded. */
export interface TestFailure {
  type?: string;
  message?: string;
}

/** One test of a run: its testcase elements with the same test id, merged (repeats are retries). */
export interface TestResult {
  /** testId(suite, classname, name). */
  id: string;
  suite: string;
  classname: string;
  name: string;
  file?: string;
  line?: number;
  outcome: TestOutcome;
  /** Seconds over all its attempts in the run. */
  duration: number;
  /** The failure of its worst failing attempt (error over failure; the first of equals), a retry element included. */
  failure?: TestFailure;
  /** Re-runs within the run: retry elements (flakyFailure, rerunFailure…) plus repeats of the id after a failed attempt. */
  retries: number;
}

/** The report's counts (per testcase element, as the Summarizer counts them) and the tests that were flaky. */
export interface RunCounts extends Counts {
  /** Tests whose outcome is flaky; each already counts in the other figures by its elements (a lone case as passed). */
  flaky: number;
}

export interface TestRun {
  counts: RunCounts;
  /** In the order each test id first appears. */
  tests: TestResult[];
  /** True when a cap (maxCases, maxSuites) left testcases out of `tests` (all are still counted). */
  truncated: boolean;
}

/** `onCase` also sees each listed testcase (its failure's text read to 4 KiB), as the model takes it in. */
export type TestOptions = Pick<DetailsOptions, "maxCases" | "maxSuites" | "onCase" | "keepCases">;

/** UTF-8 bytes kept of a failure's type and first message line. */
export const MAX_FAILURE_BYTES = 512;
/** Failure text read per case (for its first line and a frame); the rest is not kept. */
const MAX_TEXT_BYTES = 4096;

const normalize = (s: string) => s.trim().replace(/\s+/g, " ");

/**
 * A test's stable id: the JSON array of its suite, classname and name, each trimmed with whitespace runs collapsed
 * to one space. The same test in another run of the same suite has the same id; no two different triples share one.
 */
export function testId(suite: string, classname: string, name: string): string {
  return JSON.stringify([normalize(suite), normalize(classname), normalize(name)]);
}

/** The first non-blank line of `text`, trimmed and cut to MAX_FAILURE_BYTES; undefined when there is none. */
export function firstLine(text: string | undefined): string | undefined {
  const line = text?.split("\n").find((l) => l.trim() !== "");
  return line === undefined ? undefined : capUtf8(line.trim(), MAX_FAILURE_BYTES);
}

function failureOf(type: string | undefined, message: string | undefined, text: string | undefined) {
  const failure: TestFailure = {};
  const line = firstLine(message) ?? firstLine(text);
  if (type !== undefined && type.trim() !== "") failure.type = capUtf8(type.trim(), MAX_FAILURE_BYTES);
  if (line !== undefined) failure.message = line;
  return failure;
}

/** A test while the report is read: the RANK of the failure it keeps, so that a worse one replaces it. */
interface Open {
  test: TestResult;
  failureRank: number;
}

/** One testcase element as an attempt of its test. */
function attempt(suite: string, c: CaseDetail, extras: CaseExtras): Open {
  const outcome = caseOutcome(c.status, extras.retries);
  const { retry } = extras;
  const texts = [c.details, c.message, retry?.text, retry?.message].filter((t) => t !== undefined);
  const test: TestResult = {
    id: testId(suite, c.classname, c.name),
    suite,
    classname: c.classname,
    name: c.name,
    ...locate({ suite, classname: c.classname, file: extras.file, line: extras.line, texts }),
    outcome,
    duration: c.time,
    retries: extras.retries,
  };
  if (c.status === "failed" || c.status === "error") {
    test.failure = failureOf(c.type, c.message, c.details);
    return { test, failureRank: RANK[c.status] };
  }
  if (retry) test.failure = failureOf(retry.type, retry.message, retry.text);
  return { test, failureRank: retry ? RANK.failed : 0 };
}

/**
 * The per-test model of a report, read in the same single streaming pass as everything else: each testcase's
 * location, outcome, duration, failure and retries, with the testcases of one test id merged (outcome.ts's
 * mergeOutcomes), and the report's counts plus `flaky`. Memory is bounded by maxCases and maxSuites: per test it
 * keeps its names, location and a bounded failure line, never the failure's text.
 */
export class TestCollector implements XmlHandler {
  private readonly summarizer: Summarizer;
  private readonly details: DetailsCollector;
  private readonly byId = new Map<string, Open>();

  constructor(source: string, options: TestOptions = {}) {
    this.summarizer = new Summarizer(source);
    this.details = new DetailsCollector({
      ...options,
      maxDetailBytes: MAX_TEXT_BYTES,
      onCase: (suite, detail, extras) => {
        this.add(attempt(suite, detail, extras));
        options.onCase?.(suite, detail, extras);
      },
    });
  }

  startElement(tag: StartTag): void {
    this.summarizer.startElement(tag);
    this.details.startElement(tag);
  }

  endElement(tag: EndTag): void {
    this.summarizer.endElement(tag);
    this.details.endElement(tag);
  }

  text(raw: Buffer, cdata: boolean): void {
    this.details.text(raw, cdata);
  }

  /** The suites and their testcases, as a DetailsCollector gives them; empty `cases` unless keepCases. */
  suites(): SuiteDetail[] {
    return this.details.suites();
  }

  run(): TestRun {
    const tests = [...this.byId.values()].map(({ test }) => ({
      ...test,
      duration: roundSeconds(test.duration),
    }));
    const flaky = tests.filter((t) => t.outcome === "flaky").length;
    return {
      counts: { ...countsOf(this.summarizer.summary()), flaky },
      tests,
      truncated: this.details.truncated,
    };
  }

  /**
   * A repeat of a known id is one more attempt: outcomes merge, times add up, the first location stays. It is a
   * retry when an earlier attempt failed (a run re-runs failures, never passes); else a duplicate name.
   */
  private add(next: Open): void {
    const open = this.byId.get(next.test.id);
    if (!open) return void this.byId.set(next.test.id, next);
    const [known, more] = [open.test, next.test];
    known.retries += more.retries + (failedOnce(known.outcome) ? 1 : 0);
    known.outcome = mergeOutcomes(known.outcome, more.outcome);
    known.duration += more.duration;
    if (known.file === undefined && more.file !== undefined) known.file = more.file;
    if (known.line === undefined && more.line !== undefined && known.file === more.file)
      known.line = more.line;
    if (more.failure && next.failureRank > open.failureRank) {
      known.failure = more.failure;
      open.failureRank = next.failureRank;
    }
  }
}
