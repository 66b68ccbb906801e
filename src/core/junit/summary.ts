import { XmlError } from "../xml/errors.js";
import { RANK, RESULT, parseTime, type CaseStatus } from "./outcome.js";
import type { EndTag, StartTag, XmlHandler } from "../xml/reader.js";

export interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  passed: number;
  /** Sum of the testcases' `time` attributes, in seconds. */
  time: number;
}

/** The whole-number counts (all but time): the action's outputs. */
export type CountKey = Exclude<keyof Counts, "time">;

/** The counts a producer writes as attributes of a suite (passed is always counted). */
export type DeclaredCountKey = Exclude<CountKey, "passed">;

/** The counts alone, without whatever else the value carries (a summary, a stored entry). */
export function countsOf(c: Counts): Counts {
  return {
    tests: c.tests,
    passed: c.passed,
    failures: c.failures,
    errors: c.errors,
    skipped: c.skipped,
    time: c.time,
  };
}

export interface SuiteSummary extends Counts {
  name: string;
  /** 1 for a suite that is a child of <testsuites> (or the root <testsuite>), 2 for one nested in it... */
  level: number;
}

export interface Property {
  name: string;
  value: string;
}

export interface ReportSummary extends Counts {
  root: "testsuites" | "testsuite";
  suites: SuiteSummary[];
  /** Properties of the first <testsuite> (where Jux metadata lives). */
  properties: Property[];
  /** Where the counts the producer wrote disagree with the counted ones. */
  discrepancies: string[];
}

const MAX_NOTES = 50;
/** Per-suite figures kept; counting goes on past it, so memory stays bounded on any report. */
const MAX_SUITES = 10_000;
/** Properties kept per report (the summary's and the details'); more are ignored. */
export const MAX_PROPERTIES = 1000;

/** Where each name's last kept property is, per list (see keepProperty). */
const lastOf = new WeakMap<Property[], Map<string, number>>();

/**
 * Keeps a property in a bounded list. Past MAX_PROPERTIES a new name is ignored, but a name already kept takes
 * the new value (readers take a name's last value): a report cannot push the values a signer asserts after its
 * own (a job's run identity, a fork's origin) out of what is read by writing a thousand properties first.
 */
export function keepProperty(list: Property[], property: Property): void {
  let last = lastOf.get(list);
  if (last === undefined) lastOf.set(list, (last = new Map<string, number>()));
  const at = last.get(property.name);
  if (list.length < MAX_PROPERTIES) {
    last.set(property.name, list.length);
    list.push(property);
  } else if (at !== undefined) list[at] = property;
}

interface OpenSuite {
  summary: SuiteSummary;
  declared: Partial<Record<DeclaredCountKey, number>>;
  depth: number;
}

function zero(): Counts {
  return { tests: 0, failures: 0, errors: 0, skipped: 0, passed: 0, time: 0 };
}

function declaredInt(tag: StartTag, ...names: string[]): number | undefined {
  for (const name of names) {
    const a = tag.attributes.find((x) => x.qname === name);
    if (a && /^\s*\d+\s*$/.test(a.value)) return Number(a.value);
  }
  return undefined;
}

function add(into: Counts, outcome: CaseStatus, time: number): void {
  into.tests++;
  into.time += time;
  if (outcome === "failed") into.failures++;
  else if (outcome === "error") into.errors++;
  else if (outcome === "skipped") into.skipped++;
  else into.passed++;
}

/**
 * Counts a JUnit report from its <testcase> elements, wherever they are nested.
 * A testcase counts once, by its direct result children: <error> before <failure> before <skipped>/<skip>;
 * none of them means passed. Surefire and nextest <flakyFailure>, <flakyError>, <rerunFailure> and
 * <rerunError> are retries, not extra results. `time` is the sum of the testcases' positive times.
 */
export class Summarizer implements XmlHandler {
  private readonly totals: Counts = zero();
  private root: ReportSummary["root"] | undefined;
  private readonly suites: SuiteSummary[] = [];
  private readonly open: OpenSuite[] = [];
  private readonly notes: string[] = [];
  private rootDeclared: OpenSuite["declared"] = {};
  private testcase: { depth: number; outcome: CaseStatus; time: number } | undefined;
  private firstSuiteDepth: number | undefined;
  private firstSuiteOpen = false;
  /** Depth of the <properties> of the first suite while it is open. */
  private propertiesDepth: number | undefined;
  private readonly properties: Property[] = [];
  private looseResults = 0;
  private suitesDropped = 0;

  constructor(private readonly source: string) {}

  startElement(tag: StartTag): void {
    if (tag.depth === 1) this.checkRoot(tag);
    if (tag.ns !== "") return;
    const name = tag.local;
    if (this.testcase) {
      if (tag.depth === this.testcase.depth + 1) {
        const outcome = RESULT[name];
        if (outcome && RANK[outcome] > RANK[this.testcase.outcome]) this.testcase.outcome = outcome;
      }
      return;
    }
    if (name === "testsuite") return this.openSuite(tag);
    if (name === "testcase") {
      const time = parseTime(tag.attributes.find((a) => a.qname === "time")?.value);
      this.testcase = { depth: tag.depth, outcome: "passed", time };
      return;
    }
    if (this.firstSuiteOpen && name === "properties" && tag.depth === this.firstSuiteDepth! + 1) {
      this.propertiesDepth = tag.selfClosing ? undefined : tag.depth;
    }
    if (name === "property" && this.propertiesDepth !== undefined && tag.depth === this.propertiesDepth + 1) {
      this.collectProperty(tag);
    }
    if ((name === "error" || name === "failure") && this.open.length > 0) this.looseResults++;
  }

  endElement(tag: EndTag): void {
    if (tag.depth === this.propertiesDepth) this.propertiesDepth = undefined;
    if (this.firstSuiteOpen && tag.depth === this.firstSuiteDepth) this.firstSuiteOpen = false;
    if (this.testcase && tag.depth === this.testcase.depth) {
      const { outcome, time } = this.testcase;
      add(this.totals, outcome, time);
      for (const s of this.open) add(s.summary, outcome, time);
      this.testcase = undefined;
      return;
    }
    const top = this.open[this.open.length - 1];
    if (top && top.depth === tag.depth) {
      this.open.pop();
      this.compare(`suite "${top.summary.name}"`, top.declared, top.summary);
    }
  }

  text(): void {}

  summary(): ReportSummary {
    if (!this.root) throw new Error("summary() before the document was read");
    this.compare("the report", this.rootDeclared, this.totals);
    if (this.suitesDropped > 0)
      this.note(`${this.suitesDropped} suites past the first ${MAX_SUITES} are counted but not listed`);
    if (this.looseResults > 0) {
      this.note(`${this.looseResults} <failure>/<error> element(s) outside any <testcase> (not counted)`);
    }
    return {
      ...this.totals,
      time: roundSeconds(this.totals.time),
      root: this.root,
      suites: this.suites.map((s) => ({ ...s, time: roundSeconds(s.time) })),
      properties: this.properties,
      discrepancies: this.notes,
    };
  }

  private checkRoot(tag: StartTag): void {
    if (tag.ns === "" && (tag.local === "testsuites" || tag.local === "testsuite")) {
      this.root = tag.local;
      if (tag.local === "testsuites") this.rootDeclared = this.declaredOf(tag);
      return;
    }
    const ns = tag.ns ? ` in namespace ${tag.ns}` : "";
    throw new XmlError(
      "not-junit",
      this.source,
      0,
      0,
      `not a JUnit report: the root element is <${tag.qname}>${ns}, expected <testsuites> or <testsuite>`,
    );
  }

  private openSuite(tag: StartTag): void {
    const attr = tag.attributes.find((a) => a.qname === "name");
    const summary: SuiteSummary = { name: attr?.value ?? "", level: this.open.length + 1, ...zero() };
    if (this.firstSuiteDepth === undefined) {
      this.firstSuiteDepth = tag.depth;
      this.firstSuiteOpen = !tag.selfClosing;
    }
    if (this.suites.length < MAX_SUITES) this.suites.push(summary);
    else this.suitesDropped++;
    const suite: OpenSuite = { summary, declared: this.declaredOf(tag), depth: tag.depth };
    if (tag.selfClosing) {
      this.compare(`suite "${summary.name}"`, suite.declared, summary);
      return;
    }
    this.open.push(suite);
  }

  private declaredOf(tag: StartTag): OpenSuite["declared"] {
    const declared: OpenSuite["declared"] = {};
    const tests = declaredInt(tag, "tests");
    const failures = declaredInt(tag, "failures");
    const errors = declaredInt(tag, "errors");
    const skipped = declaredInt(tag, "skipped", "skip", "skips");
    if (tests !== undefined) declared.tests = tests;
    if (failures !== undefined) declared.failures = failures;
    if (errors !== undefined) declared.errors = errors;
    if (skipped !== undefined) declared.skipped = skipped;
    return declared;
  }

  private collectProperty(tag: StartTag): void {
    const name = tag.attributes.find((a) => a.qname === "name")?.value;
    const value = tag.attributes.find((a) => a.qname === "value")?.value;
    if (name !== undefined) keepProperty(this.properties, { name, value: value ?? "" });
  }

  private compare(what: string, declared: OpenSuite["declared"], counted: Counts): void {
    for (const key of ["tests", "failures", "errors", "skipped"] as const) {
      const d = declared[key];
      if (d !== undefined && d !== counted[key]) {
        this.note(`${what} declares ${key}="${d}" but ${counted[key]} were counted`);
      }
    }
  }

  private note(text: string): void {
    if (this.notes.length < MAX_NOTES) this.notes.push(text);
    else if (this.notes.length === MAX_NOTES) this.notes.push("(further discrepancies not listed)");
  }
}

/** A time in seconds to the microsecond, so sums of float times read as written. */
export function roundSeconds(t: number): number {
  return Math.round(t * 1e6) / 1e6;
}
