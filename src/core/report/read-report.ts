import { createHash, type Hash } from "node:crypto";
import { C14N11, Canonicalizer, EXC_C14N, type C14nMethod } from "../xml/c14n.js";
import {
  readXml,
  type EndTag,
  type ReadLimits,
  type StartTag,
  type TextMarks,
  type XmlHandler,
} from "../xml/reader.js";
import { TreeBuilder, type Element } from "../xml/tree.js";
import { Summarizer, type ReportSummary } from "../junit/summary.js";
import { isSignature, type DocumentContext } from "../xmldsig/signature.js";

/** The enveloped Signature of a report, as read. */
export interface CapturedSignature {
  element: Element;
  document: DocumentContext;
  /** SHA-256 of the document without this Signature, per canonicalization method. */
  digests: ReadonlyMap<C14nMethod, Buffer>;
}

export interface ReportReading {
  summary: ReportSummary;
  /** Hex SHA-256 of the inclusive canonical form without the enveloped Signature: the report's identity. */
  canonicalHash: string;
  signature: CapturedSignature | undefined;
  /** Signature placement problems (a second, wrapped or misplaced Signature); any one makes it invalid. */
  problems: string[];
  size: number;
}

export interface ReadReportOptions {
  source: string;
  open: () => AsyncIterable<Buffer>;
  /**
   * The same bytes once more (`open` of a file or of bytes in memory; not standard input): line feeds are then
   * counted only when the report is refused, to name the line (see ReadOptions.reread).
   */
  reread?: () => AsyncIterable<Buffer>;
  limits?: Partial<ReadLimits>;
  /** Also receives the report's events (without its enveloped Signature), e.g. to collect test cases. */
  also?: XmlHandler;
}

/** Streams a report once: summary, canonical digests (inclusive and exclusive) and its Signature. */
class ReadingPass implements XmlHandler {
  readonly summarizer: Summarizer;
  private readonly c14n: Canonicalizer;
  private capture: TreeBuilder | undefined;
  private captureDepth = 0;
  signature: Element | undefined;
  document: DocumentContext = { namespaces: [], xmlAttributes: [] };
  readonly problems: string[] = [];
  private signatures = 0;

  constructor(
    source: string,
    private readonly also: XmlHandler | undefined,
  ) {
    this.summarizer = new Summarizer(source);
    this.c14n = new Canonicalizer([C14N11, EXC_C14N], createHash("sha256"));
  }

  startElement(tag: StartTag): void {
    if (this.capture) {
      this.captureDepth++;
      if (isSignature(tag)) this.problem("a ds:Signature nested inside the ds:Signature");
      return this.capture.startElement(tag);
    }
    if (tag.depth === 1) {
      this.document = {
        namespaces: tag.namespaces,
        xmlAttributes: tag.attributes.filter((a) => a.prefix === "xml"),
      };
    }
    if (isSignature(tag)) {
      this.signatures++;
      if (this.signatures > 1) this.problem("more than one ds:Signature in the report");
      if (tag.depth !== 2)
        this.problem(`a ds:Signature that is not a child of the document element (at depth ${tag.depth})`);
      else if (!this.signature && !this.capture) return this.startCapture(tag);
    } else if (tag.depth === 2 && this.signature) {
      this.problem(`the ds:Signature is not the last element of the document (<${tag.qname}> follows it)`);
    }
    this.summarizer.startElement(tag);
    this.also?.startElement(tag);
    this.c14n.startElement(tag);
  }

  endElement(tag: EndTag): void {
    if (this.capture) {
      this.capture.endElement(tag);
      if (--this.captureDepth === 0) {
        this.signature = this.capture.root;
        this.capture = undefined;
      }
      return;
    }
    this.summarizer.endElement(tag);
    this.also?.endElement(tag);
    this.c14n.endElement(tag);
  }

  text(raw: Buffer, cdata: boolean, marks?: TextMarks): void {
    if (this.capture) return this.capture.text(raw, cdata);
    this.also?.text(raw, cdata);
    this.c14n.text(raw, cdata, marks);
  }

  digests(): Map<C14nMethod, Buffer> {
    const [inclusive, exclusive] = this.c14n.sinks() as Hash[];
    const a = inclusive!.digest();
    return new Map([
      [C14N11, a],
      [EXC_C14N, exclusive === inclusive ? a : exclusive!.digest()],
    ]);
  }

  private startCapture(tag: StartTag): void {
    this.capture = new TreeBuilder();
    this.captureDepth = 1;
    this.capture.startElement(tag);
  }

  private problem(text: string): void {
    if (!this.problems.includes(text)) this.problems.push(text);
  }
}

/** Reads a report in one streaming pass; throws XmlError when it is not a well-formed JUnit report. */
export async function readReport(options: ReadReportOptions): Promise<ReportReading> {
  const pass = new ReadingPass(options.source, options.also);
  const info = await readXml(options.open(), pass, {
    source: options.source,
    limits: options.limits,
    ...(options.reread ? { reread: options.reread } : {}),
  });
  const digests = pass.digests();
  const signature = pass.signature && { element: pass.signature, document: pass.document, digests };
  return {
    summary: pass.summarizer.summary(),
    canonicalHash: digests.get(C14N11)!.toString("hex"),
    signature,
    problems: pass.problems,
    size: info.size,
  };
}
