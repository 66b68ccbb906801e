import { RANK, RESULT, RETRY, parseTime, type CaseStatus } from "./outcome.js";
import { StringDecoder } from "node:string_decoder";
import type { EndTag, StartTag, XmlHandler } from "../xml/reader.js";
import { keepProperty, roundSeconds, type Property } from "./summary.js";

export type { CaseStatus };

export interface CaseDetail {
  name: string;
  classname: string;
  /** Seconds; 0 when absent, negative or unreadable. */
  time: number;
  status: CaseStatus;
  /** `message` attribute of the deciding result element, capped like `details`. */
  message?: string;
  /** `type` attribute of the deciding result element, capped like `details`. */
  type?: string;
  /** The failure/error/skipped element's text, capped; absent when empty or blank. */
  details?: string;
}

export interface SuiteDetail {
  name: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  /** Sum of the positive times of the suite's own testcases, in seconds. */
  time: number;
  timestamp?: string;
  properties: Property[];
  cases: CaseDetail[];
}

export interface DetailsOptions {
  /** Testcases listed over the whole report (all are still counted); default 100 000. */
  maxCases?: number;
  /** UTF-8 bytes kept of each case's details, message and type before "…" is appended; default 4096. */
  maxDetailBytes?: number;
  /** Suites listed (their cases are neither listed nor counted past it); default 10 000. */
  maxSuites?: number;
  /**
   * When given, each listed testcase is handed to it as it closes instead of being kept in its suite's `cases`
   * (the suites keep their counts), so that a consumer keeps only what it needs.
   */
  onCase?: (suite: string, detail: CaseDetail, extras: CaseExtras) => void;
  /** With onCase: keep each listed testcase in its suite's `cases` as well (one reading for both consumers). */
  keepCases?: boolean;
}

/** What a listed testcase holds beyond its CaseDetail, handed to `onCase` for the per-test model (tests.ts). */
export interface CaseExtras {
  /** The testcase's `file` and `line` attributes, as written. */
  file?: string;
  line?: string;
  /** Retry elements (RETRY) among its direct children: earlier attempts within the run. */
  retries: number;
  /** The first retry element: its type, message and text (its own and its <stackTrace>'s), capped like details. */
  retry?: RetryDetail;
}

export interface RetryDetail {
  type?: string;
  message?: string;
  text?: string;
}

export const NO_SUITE = "(no suite)";

const REFS: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const AMP = 0x26;
const SEMI = 0x3b;
const CR = 0x0d;
/** Raw bytes read past the room left, so that a slice always holds a whole reference (at most 40). */
const SLACK = 64;

interface OpenSuite {
  detail: SuiteDetail;
  depth: number;
  listed: boolean;
}

interface OpenCase {
  depth: number;
  suite: OpenSuite;
  keep: boolean;
  detail: CaseDetail;
  /** The deciding result element while it is open; its direct text goes to `text`. */
  resultDepth: number | undefined;
  text: CappedText | undefined;
  extras: CaseExtras;
  /** The first retry element while it is open, and its <stackTrace> (Surefire): their direct text goes to `retryText`. */
  retryDepth: number | undefined;
  stackDepth: number | undefined;
  retryText: CappedText | undefined;
}

function attr(tag: StartTag, name: string): string | undefined {
  return tag.attributes.find((a) => a.qname === name)?.value;
}

/** `s` cut to at most `max` UTF-8 bytes on a character boundary, with "…" appended when cut. */
export function capUtf8(s: string, max: number): string {
  const bytes = Buffer.from(s);
  if (bytes.length <= max) return s;
  let n = max;
  while (n > 0 && (bytes[n]! & 0xc0) === 0x80) n--;
  return bytes.toString("utf8", 0, n) + "…";
}

/** Text of raw character data: line ends normalized, then (outside CDATA) references expanded. */
function decode(s: string, cdata: boolean): string {
  const text = s.replace(/\r\n?/g, "\n");
  if (cdata) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (_, body: string) =>
    body.startsWith("#x")
      ? String.fromCodePoint(parseInt(body.slice(2), 16))
      : body.startsWith("#")
        ? String.fromCodePoint(parseInt(body.slice(1), 10))
        : (REFS[body] ?? ""),
  );
}

/** Accumulates text up to a byte cap, reading no more of each event than the cap needs. */
class CappedText {
  private readonly decoder = new StringDecoder("utf8");
  private text = "";
  private bytes = 0;
  private cut = false;

  constructor(private readonly max: number) {}

  add(raw: Buffer, cdata: boolean): void {
    for (let at = 0; at < raw.length && !this.cut;) {
      let end = Math.min(raw.length, at + this.max - this.bytes + SLACK);
      if (end < raw.length) {
        // Never split a reference or a CRLF; the decoder holds a split UTF-8 character.
        const amp = raw.lastIndexOf(AMP, end - 1);
        if (!cdata && amp >= at && !raw.subarray(amp, end).includes(SEMI)) end = amp;
        if (raw[end - 1] === CR) end--;
      }
      const s = decode(this.decoder.write(raw.subarray(at, end)), cdata);
      this.text += s;
      this.bytes += Buffer.byteLength(s);
      if (this.bytes > this.max) {
        this.text = capUtf8(this.text, this.max);
        this.cut = true;
      }
      at = end;
    }
  }

  value(): string {
    return this.text;
  }
}

/**
 * Collects, per <testsuite>, what a Jux server answers the query API with: counts, time, timestamp,
 * properties and each testcase's status, message, type and (capped) details. Fed the same events as the
 * Summarizer and counting by the same rule, so the suites' counts add up to its totals. Memory stays
 * bounded by the options: text is kept only for the deciding result element of a listed testcase.
 */
export class DetailsCollector implements XmlHandler {
  /** True when a cap (maxCases, maxSuites) left testcases or suites out of `suites()`. */
  truncated = false;
  private readonly maxCases: number;
  private readonly maxDetailBytes: number;
  private readonly maxSuites: number;
  private readonly onCase: DetailsOptions["onCase"];
  private readonly keepCases: boolean;
  private readonly list: SuiteDetail[] = [];
  private readonly open: OpenSuite[] = [];
  private noSuite: OpenSuite | undefined;
  private testcase: OpenCase | undefined;
  private listedCases = 0;
  /** Depth of the open <properties> of the innermost open suite. */
  private propertiesDepth: number | undefined;
  /** Depth of the innermost open element: text events belong to it. */
  private depth = 0;

  constructor(options: DetailsOptions = {}) {
    this.maxCases = options.maxCases ?? 100_000;
    this.maxDetailBytes = options.maxDetailBytes ?? 4096;
    this.maxSuites = options.maxSuites ?? 10_000;
    this.onCase = options.onCase;
    this.keepCases = options.keepCases ?? false;
  }

  startElement(tag: StartTag): void {
    this.depth = tag.depth;
    if (tag.ns !== "") return;
    const name = tag.local;
    const tc = this.testcase;
    if (tc) {
      if (tag.depth === tc.depth + 1) {
        if (RETRY.has(name)) this.retry(tc, tag);
        else this.result(tc, tag);
      } else if (tc.retryDepth === tag.depth - 1 && name === "stackTrace") tc.stackDepth = tag.depth;
      return;
    }
    const suite = this.open[this.open.length - 1];
    if (name === "testsuite") this.openSuite(tag);
    else if (name === "testcase") this.openCase(tag, suite ?? this.synthetic());
    else if (name === "properties" && suite && tag.depth === suite.depth + 1)
      this.propertiesDepth = tag.depth;
    else if (name === "property" && suite && this.propertiesDepth === tag.depth - 1)
      this.property(suite, tag);
  }

  endElement(tag: EndTag): void {
    this.depth = tag.depth - 1;
    const tc = this.testcase;
    if (tc) {
      if (tag.depth === tc.resultDepth) tc.resultDepth = undefined;
      if (tag.depth === tc.retryDepth) tc.retryDepth = undefined;
      if (tag.depth === tc.stackDepth) tc.stackDepth = undefined;
      if (tag.depth === tc.depth) this.closeCase(tc);
      return;
    }
    if (tag.depth === this.propertiesDepth) this.propertiesDepth = undefined;
    if (this.open[this.open.length - 1]?.depth === tag.depth) this.open.pop();
  }

  text(raw: Buffer, cdata: boolean): void {
    const tc = this.testcase;
    if (tc?.text && tc.resultDepth === this.depth) tc.text.add(raw, cdata);
    if (tc?.retryText && (tc.retryDepth === this.depth || tc.stackDepth === this.depth))
      tc.retryText.add(raw, cdata);
  }

  suites(): SuiteDetail[] {
    return this.list.map((s) => ({ ...s, time: roundSeconds(s.time) }));
  }

  private property(suite: OpenSuite, tag: StartTag): void {
    const name = attr(tag, "name");
    const properties = suite.detail.properties;
    if (name !== undefined) keepProperty(properties, { name, value: attr(tag, "value") ?? "" });
  }

  private openSuite(tag: StartTag): void {
    const detail: SuiteDetail = this.newSuite(attr(tag, "name") ?? "");
    const timestamp = attr(tag, "timestamp");
    if (timestamp !== undefined) detail.timestamp = timestamp;
    this.open.push({ detail, depth: tag.depth, listed: this.listSuite(detail) });
    this.propertiesDepth = undefined;
  }

  /** The suite of testcases outside any <testsuite>, listed where the first of them is. */
  private synthetic(): OpenSuite {
    if (!this.noSuite) {
      const detail = this.newSuite(NO_SUITE);
      this.noSuite = { detail, depth: 0, listed: this.listSuite(detail) };
    }
    return this.noSuite;
  }

  private newSuite(name: string): SuiteDetail {
    return { name, tests: 0, failures: 0, errors: 0, skipped: 0, time: 0, properties: [], cases: [] };
  }

  private listSuite(detail: SuiteDetail): boolean {
    if (this.list.length >= this.maxSuites) {
      this.truncated = true;
      return false;
    }
    this.list.push(detail);
    return true;
  }

  private openCase(tag: StartTag, suite: OpenSuite): void {
    const keep = suite.listed && this.listedCases < this.maxCases;
    if (suite.listed && !keep) this.truncated = true;
    this.testcase = {
      depth: tag.depth,
      suite,
      keep,
      detail: {
        name: attr(tag, "name") ?? "",
        classname: attr(tag, "classname") ?? "",
        time: parseTime(attr(tag, "time")),
        status: "passed",
      },
      resultDepth: undefined,
      text: undefined,
      extras: { retries: 0 },
      retryDepth: undefined,
      stackDepth: undefined,
      retryText: undefined,
    };
    const file = attr(tag, "file");
    const line = attr(tag, "line");
    if (keep && file !== undefined) this.testcase.extras.file = capUtf8(file, this.maxDetailBytes);
    if (keep && line !== undefined) this.testcase.extras.line = capUtf8(line, 32);
  }

  /** A retry element: counted; the first one's type, message and text are kept for a listed case. */
  private retry(tc: OpenCase, tag: StartTag): void {
    if (tc.extras.retries++ > 0 || !tc.keep) return;
    const retry: RetryDetail = {};
    const message = attr(tag, "message");
    const type = attr(tag, "type");
    if (message !== undefined) retry.message = capUtf8(message, this.maxDetailBytes);
    if (type !== undefined) retry.type = capUtf8(type, this.maxDetailBytes);
    tc.extras.retry = retry;
    tc.retryDepth = tag.depth;
    tc.retryText = new CappedText(this.maxDetailBytes);
  }

  /** A direct child of the open testcase: the first element of a higher-ranked kind replaces the result. */
  private result(tc: OpenCase, tag: StartTag): void {
    const status = RESULT[tag.local];
    if (status === undefined || RANK[status] <= RANK[tc.detail.status]) return;
    const { name, classname, time } = tc.detail;
    tc.detail = { name, classname, time, status };
    tc.resultDepth = tag.depth;
    tc.text = undefined;
    if (!tc.keep) return;
    const message = attr(tag, "message");
    const type = attr(tag, "type");
    if (message !== undefined) tc.detail.message = capUtf8(message, this.maxDetailBytes);
    if (type !== undefined) tc.detail.type = capUtf8(type, this.maxDetailBytes);
    tc.text = new CappedText(this.maxDetailBytes);
  }

  private closeCase(tc: OpenCase): void {
    this.testcase = undefined;
    const { detail } = tc;
    const suite = tc.suite.detail;
    suite.tests++;
    suite.time += detail.time;
    if (detail.status === "failed") suite.failures++;
    else if (detail.status === "error") suite.errors++;
    else if (detail.status === "skipped") suite.skipped++;
    if (!tc.keep) return;
    const details = tc.text?.value();
    if (details !== undefined && details.trim() !== "") detail.details = details;
    this.listedCases++;
    if (!this.onCase || this.keepCases) suite.cases.push(detail);
    if (!this.onCase) return;
    const retryText = tc.retryText?.value();
    if (tc.extras.retry && retryText !== undefined && retryText.trim() !== "")
      tc.extras.retry.text = retryText;
    this.onCase(suite.name, detail, tc.extras);
  }
}
