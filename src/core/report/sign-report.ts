import { createHash, type Hash } from "node:crypto";
import type { Writable } from "node:stream";
import { C14N11, Canonicalizer, type C14nMethod } from "../xml/c14n.js";
import { XmlError } from "../xml/errors.js";
import {
  readXml,
  type EndTag,
  type ReadLimits,
  type StartTag,
  type TextMarks,
  type XmlHandler,
} from "../xml/reader.js";
import { Summarizer, type Property, type ReportSummary } from "../junit/summary.js";
import type { SigningKey } from "../crypto/keys.js";
import { DEFAULT_C14N, DSIG_NS, c14nUri, type C14nChoice } from "../xmldsig/algorithms.js";
import {
  canonicalSubtree,
  findChild,
  isSignature,
  keyInfoXml,
  parseSignature,
  signBytes,
  signatureAlgorithmFor,
  signatureXml,
  signedInfoContext,
  signedInfoXml,
  type DocumentContext,
} from "../xmldsig/signature.js";
import { drained } from "../fs/drained.js";
import { PropertyPlacer } from "./property-placer.js";
import { SpliceWriter } from "./splice-writer.js";

export interface SignOptions {
  /** Names the input in messages. */
  source: string;
  open: () => AsyncIterable<Buffer>;
  /**
   * The same bytes once more (`open` of a file or of bytes in memory; not standard input): line feeds are then
   * counted only when the report is refused, to name the line (see ReadOptions.reread).
   */
  reread?: () => AsyncIterable<Buffer>;
  output: Writable;
  key: SigningKey;
  /**
   * Metadata to add to the first testsuite; names the report already has are left alone, but for `asserted` ones
   * (a CI job's run identity: its branch, commit, run, job), added after the report's own value when it differs.
   */
  properties: Property[];
  asserted?: ReadonlySet<string>;
  c14n?: C14nChoice;
  limits?: Partial<ReadLimits>;
  /** Also receives the report's events (without a Signature it replaces), e.g. to collect its tests in this pass. */
  also?: XmlHandler;
}

export interface SignResult {
  summary: ReportSummary;
  /** Hex SHA-256 of the canonical report without its signature (equals the DigestValue). */
  canonicalHash: string;
  /** Names of the properties added. */
  added: string[];
  /** Whether an earlier Signature was replaced. */
  resigned: boolean;
  bytesWritten: number;
}

/** Signing failed for a reason other than the document itself (which gives an XmlError). */
export class SignError extends Error {
  override name = "SignError";
}

/**
 * One streaming pass: strict read, summary, metadata spliced into the bytes as written, digest of the
 * canonical form, Signature spliced in before the document element's end tag. Nothing else changes.
 */
class SigningPass implements XmlHandler {
  readonly summarizer: Summarizer;
  readonly placer: PropertyPlacer;
  private readonly c14n: Canonicalizer;
  private context: DocumentContext = { namespaces: [], xmlAttributes: [] };
  private skipping = 0;
  resigned = false;
  hash = "";

  constructor(
    private readonly options: SignOptions,
    private readonly writer: SpliceWriter,
  ) {
    this.summarizer = new Summarizer(options.source);
    // The canonical hash is always inclusive C14N; the Reference digest uses the chosen method.
    const methods: C14nMethod[] = [C14N11, c14nUri(options.c14n ?? DEFAULT_C14N)];
    this.c14n = new Canonicalizer(methods[1] === C14N11 ? [C14N11] : methods, createHash("sha256"));
    this.placer = new PropertyPlacer(
      options.properties,
      (s) => {
        writer.replace(s.offset, s.remove, s.raw);
        this.c14n.insertCanonical(Buffer.from(s.canonical, "utf8"));
      },
      options.asserted,
    );
  }

  startElement(tag: StartTag): void {
    if (this.skipping > 0) {
      this.skipping++;
      if (isSignature(tag)) this.fail("a ds:Signature inside another ds:Signature");
      return;
    }
    if (isSignature(tag)) return this.dropOldSignature(tag);
    if (tag.depth === 1) {
      this.context = {
        namespaces: tag.namespaces,
        xmlAttributes: tag.attributes.filter((a) => a.prefix === "xml"),
      };
    }
    this.summarizer.startElement(tag);
    this.options.also?.startElement(tag);
    this.placer.beforeStart(tag);
    this.c14n.startElement(tag);
    this.placer.afterStart(tag);
  }

  endElement(tag: EndTag): void {
    if (this.skipping > 0) {
      if (--this.skipping === 0) this.writer.resume(tag.end);
      return;
    }
    this.summarizer.endElement(tag);
    this.options.also?.endElement(tag);
    this.placer.beforeEnd(tag);
    this.c14n.endElement(tag);
    if (tag.depth === 1) this.appendSignature(tag);
  }

  text(raw: Buffer, cdata: boolean, marks?: TextMarks): void {
    if (this.skipping > 0) return;
    this.options.also?.text(raw, cdata);
    this.placer.text(raw);
    this.c14n.text(raw, cdata, marks);
  }

  private dropOldSignature(tag: StartTag): void {
    if (tag.depth !== 2) this.fail("it contains a ds:Signature that is not a child of the document element");
    if (this.resigned) this.fail("it contains more than one ds:Signature");
    this.resigned = true;
    this.writer.cut(tag.start);
    if (tag.selfClosing) this.writer.resume(tag.end);
    else this.skipping = 1;
  }

  private appendSignature(end: EndTag): void {
    const sinks = this.c14n.sinks() as Hash[];
    const canonical = sinks[0]!.digest();
    const digest = sinks.length > 1 && sinks[1] !== sinks[0] ? sinks[1]!.digest() : canonical;
    this.hash = canonical.toString("hex");
    const { key } = this.options;
    const method = c14nUri(this.options.c14n ?? DEFAULT_C14N);
    const algorithm = signatureAlgorithmFor(key);
    const signedInfo = signedInfoXml(method, algorithm, digest);
    const parsed = parseSignature(`<ds:Signature xmlns:ds="${DSIG_NS}">${signedInfo}</ds:Signature>`);
    const signedBytes = canonicalSubtree(
      findChild(parsed, "SignedInfo")!,
      method,
      signedInfoContext(this.context, parsed),
    );
    const signature = signatureXml(signedInfo, signBytes(signedBytes, key, algorithm), keyInfoXml(key));
    const selfClosedRoot = end.start === end.end;
    this.writer.insert(end.start, selfClosedRoot ? `${signature}</${end.qname}>` : signature);
  }

  private fail(reason: string): never {
    throw new XmlError("forbidden-construct", this.options.source, 0, 0, `cannot sign: ${reason}`);
  }
}

async function* withBackpressure(input: AsyncIterable<Buffer>, output: Writable): AsyncIterable<Buffer> {
  for await (const chunk of input) {
    yield chunk;
    await drained(output);
  }
}

async function signPass(options: SignOptions, output: Writable) {
  let written = 0;
  // The reader never changes bytes it handed out, so they are written without a copy.
  const writer = new SpliceWriter((bytes) => {
    written += bytes.length;
    output.write(bytes);
  });
  const pass = new SigningPass(options, writer);
  const input = withBackpressure(options.open(), output);
  await readXml(input, pass, {
    source: options.source,
    limits: options.limits,
    onRaw: (b) => writer.push(b),
    ...(options.reread ? { reread: options.reread } : {}),
  });
  writer.end();
  return { pass, written };
}

/** Signs one report; the caller owns `output` (and should write it to a temporary file, then rename). */
export async function signReport(options: SignOptions): Promise<SignResult> {
  const { pass, written } = await signPass(options, options.output);
  if (pass.placer.conflicts.length > 0) {
    // A later <properties> of the first suite already had some of these names: the output so far is wrong.
    throw new SignError(
      `${options.source}: the first testsuite has a second <properties> element defining ${pass.placer.conflicts.join(", ")}; ` +
        "merge its properties into the first <properties> element, or sign with --no-metadata",
    );
  }
  return {
    summary: pass.summarizer.summary(),
    canonicalHash: pass.hash,
    added: pass.placer.added,
    resigned: pass.resigned,
    bytesWritten: written,
  };
}
