/** Shared helpers for the XML reader and summary tests: the fixture corpus and chunked input streams. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { ReportSummary } from "../../src/core/junit/summary.js";
import { readReport, type ReportReading } from "../../src/core/report/read-report.js";
import { XmlError } from "../../src/core/xml/errors.js";
import { JUNIT } from "./fixtures.js";

/** The JUnit corpus (../shared/fixtures/junit). */
export const CORPUS = JUNIT;

/** Folders that hold no well-formed JUnit report. */
const NOT_REPORTS = new Set(["schemas", "malformed", "non-junit", "hostile"]);

/** Paths relative to CORPUS of every file below `folder` (recursively), sorted. */
export function filesUnder(folder = ""): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(CORPUS, rel))) {
      const child = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(CORPUS, child)).isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk(folder);
  return out.sort();
}

/** Every well-formed JUnit report of the corpus (one folder per producer). */
export function junitFixtures(): string[] {
  return filesUnder().filter((rel) => rel.endsWith(".xml") && !NOT_REPORTS.has(rel.split("/")[0]!));
}

export function fixture(rel: string): Buffer {
  return readFileSync(path.join(CORPUS, rel));
}

/** Chooses the size of chunk number k (0-based). */
export type ChunkSizes = (k: number) => number;

export const whole: ChunkSizes = () => Number.MAX_SAFE_INTEGER;
export const every =
  (n: number): ChunkSizes =>
  () =>
    n;

/** Deterministic pseudo-random sizes in [1, max] (mulberry32). */
export function randomSizes(seed: number, max = 64): ChunkSizes {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return 1 + Math.floor(r * max);
  };
}

/** Splits at the given offsets. */
export function splitAt(...offsets: number[]): ChunkSizes {
  const sizes = offsets.map((o, i) => o - (i === 0 ? 0 : offsets[i - 1]!));
  return (k) => sizes[k] ?? Number.MAX_SAFE_INTEGER;
}

/** The bytes as an async stream of fresh chunk copies (so nobody can rely on a shared backing buffer). */
export async function* chunked(bytes: Buffer, sizes: ChunkSizes): AsyncGenerator<Buffer> {
  let k = 0;
  for (let at = 0; at < bytes.length;) {
    const n = Math.max(1, sizes(k++));
    yield Buffer.from(bytes.subarray(at, at + n));
    at += n;
  }
}

export function readReportChunked(
  bytes: Buffer,
  sizes: ChunkSizes = whole,
  source = "report.xml",
): Promise<ReportReading> {
  return readReport({ source, open: () => chunked(bytes, sizes) });
}

/** The XmlError thrown by `run`; fails the test when it succeeds or throws something else. */
export async function xmlErrorOf(run: () => unknown): Promise<XmlError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof XmlError) return e;
    throw e;
  }
  throw new Error("expected an XmlError, but the input was accepted");
}

/** 1-based line and column (in UTF-16 code units, like the reader) of a byte offset. */
export function positionOf(bytes: Buffer, offset: number): { line: number; column: number } {
  const before = bytes.subarray(0, offset);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < before.length; i++) {
    if (before[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: before.subarray(lineStart).toString("utf8").length + 1 };
}

/** Multi-byte units a streaming reader must never mis-handle when a chunk ends inside them. */
const SPLITTABLE = /\r\n|&[^;&<\s]{1,40};|\]\]>|<!\[CDATA\[|<!--|-->|[\xc0-\xf7][\x80-\xbf]+/g;

/**
 * Chunks that end at every interior position of every CRLF, multi-byte UTF-8 character, reference,
 * CDATA or comment delimiter and `]]>` of the input.
 */
export function splitInsideTokens(bytes: Buffer): ChunkSizes {
  const cuts = new Set<number>();
  for (const m of bytes.toString("latin1").matchAll(SPLITTABLE)) {
    for (let i = 1; i < m[0].length; i++) cuts.add(m.index + i);
  }
  return splitAt(...[...cuts].sort((a, b) => a - b));
}

const COUNT_KEYS = ["tests", "failures", "errors", "skipped", "passed"] as const;

type CountKey = (typeof COUNT_KEYS)[number];

/** The five counts of a summary, a suite or an independent count, without the time. */
export function countsOf(c: Record<CountKey, number>): Record<CountKey, number> {
  return Object.fromEntries(COUNT_KEYS.map((k) => [k, c[k]])) as Record<CountKey, number>;
}

/** The summary of a document, read as a file stream would give it. */
export async function summarize(xml: string | Buffer): Promise<ReportSummary> {
  return (await readReportChunked(Buffer.from(xml))).summary;
}
