/**
 * A stored report's encoding (src/server/report-codec.ts): every real report comes back byte for byte (same
 * SHA-256) by each encoding this runtime has, whole or streamed; damage, unknown encodings, zstd without zstd
 * and decompression bombs are refused with a ReportCodecError that names the run, the problem and the fix.
 */
import { beforeAll, describe, expect, it } from "@jest/globals";
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Readable, Transform } from "node:stream";
import * as zlib from "node:zlib";
import {
  decodeReport,
  decodeReportStream,
  encodeReport,
  GZIP_LEVEL,
  preferredEncoding,
  ReportCodecError,
  SMALL_REPORT_BYTES,
  zstdContentSize,
  type ReportEncoding,
  type ReportCodecErrorCode,
} from "../../src/server/report-codec.js";
import { corpusName, JUNIT } from "../helpers/fixtures.js";
import { withShared } from "../helpers/shared.js";

/** A runtime as Node.js before 22.15 has it: node:zlib without zstd. */
const NO_ZSTD = {};
const HAS_ZSTD = typeof zlib.zstdCompressSync === "function";
const ENCODINGS: ReportEncoding[] = HAS_ZSTD ? ["gzip", "zstd"] : ["gzip"];
const WHAT = "test run 42's XML";

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function allXml(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? allXml(full) : full.endsWith(".xml") ? [full] : [];
    })
    .sort();
}

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The error `run` throws (or rejects with), checked to be a ReportCodecError with `code`. */
async function codecError(run: () => unknown, code: ReportCodecErrorCode): Promise<ReportCodecError> {
  let caught: unknown;
  try {
    await run();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ReportCodecError);
  expect((caught as ReportCodecError).code).toBe(code);
  return caught as ReportCodecError;
}

/** A report of `size` bytes that compresses as real reports do: test cases with varying names and times. */
function syntheticReport(size: number): Buffer {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="synthetic">\n'];
  let length = parts[0]!.length;
  for (let i = 0; length < size; i++) {
    const line = `  <testcase classname="pkg.module${i % 97}.Test${i % 13}" name="test_case_${i}" time="${(i % 1000) / 1000}"/>\n`;
    parts.push(line);
    length += line.length;
  }
  return Buffer.from(parts.join("")).subarray(0, size);
}

describe("preferredEncoding", () => {
  it("is zstd where node:zlib has it, else gzip", () => {
    expect(preferredEncoding()).toBe(HAS_ZSTD ? "zstd" : "gzip");
    expect(preferredEncoding(NO_ZSTD)).toBe("gzip");
  });

  it("is zstd on Node.js 22.15+ and 24 (the versions CI runs)", () => {
    const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
    expect(HAS_ZSTD).toBe(major > 22 || (major === 22 && minor >= 15));
  });
});

withShared("fixtures/junit", "every corpus report round-trips byte for byte", () => {
  const files = allXml(JUNIT);

  it("finds the corpus (all its .xml files, recursively)", () => {
    expect(files.length).toBeGreaterThanOrEqual(113);
  });

  describe.each(ENCODINGS)("%s", (encoding) => {
    it.each(files.map((f) => [corpusName(f), f]))("%s", async (_name, file) => {
      const original = readFileSync(file);
      const stored = encodeReport(original, encoding);
      if (original.length < SMALL_REPORT_BYTES) {
        expect(stored.encoding).toBe("identity");
        expect(stored.bytes.equals(original)).toBe(true);
      } else {
        expect(stored.encoding).toBe(encoding);
        expect(stored.bytes.length).toBeLessThan(original.length);
      }
      const back = decodeReport(stored.encoding, stored.bytes, { what: WHAT });
      expect(back.equals(original)).toBe(true);
      expect(sha256(back)).toBe(sha256(original));
      expect((await drain(decodeReportStream(stored.encoding, stored.bytes))).equals(original)).toBe(true);
    });
  });
});

describe("encodeReport", () => {
  const report = syntheticReport(64 * 1024);

  it("keeps reports under 1 KiB as they are (identity, the same bytes)", () => {
    const tiny = report.subarray(0, SMALL_REPORT_BYTES - 1);
    for (const encoding of ENCODINGS) {
      const stored = encodeReport(tiny, encoding);
      expect(stored).toEqual({ encoding: "identity", bytes: tiny });
    }
    expect(encodeReport(report.subarray(0, SMALL_REPORT_BYTES)).encoding).toBe(preferredEncoding());
  });

  it("keeps a report that compression does not shrink as it is", () => {
    const noise = randomBytes(8 * 1024);
    for (const encoding of ENCODINGS) {
      const stored = encodeReport(noise, encoding);
      expect(stored.encoding).toBe("identity");
      expect(stored.bytes.equals(noise)).toBe(true);
    }
  });

  it("writes gzip when asked (the runtime without zstd), at level 6", () => {
    const stored = encodeReport(report, "gzip");
    expect(stored.encoding).toBe("gzip");
    expect([...stored.bytes.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(stored.bytes.equals(zlib.gzipSync(report, { level: GZIP_LEVEL }))).toBe(true);
    expect(decodeReport("gzip", stored.bytes, { zlib: NO_ZSTD }).equals(report)).toBe(true);
  });

  (HAS_ZSTD ? it : it.skip)("writes one zstd frame that records the report's size and a checksum", () => {
    const stored = encodeReport(report);
    expect(stored.encoding).toBe("zstd");
    expect(stored.bytes.readUInt32LE(0)).toBe(0xfd2fb528);
    expect(zstdContentSize(stored.bytes)).toBe(report.length);
    expect(stored.bytes[4]! & 0x04).toBe(0x04); // Content_Checksum_flag
    expect(stored.bytes.length).toBeLessThan(report.length / 5);
  });

  it("accepts a Uint8Array that is a view into a larger buffer", () => {
    const backing = Buffer.concat([Buffer.from("xxxx"), report, Buffer.from("yyyy")]);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 4, report.length);
    const stored = encodeReport(view);
    expect(decodeReport(stored.encoding, stored.bytes).equals(report)).toBe(true);
  });

  it("refuses zstd where node:zlib has none, and an unknown encoding", async () => {
    const noZstd = await codecError(() => encodeReport(report, "zstd", NO_ZSTD), "no-zstd");
    expect(noZstd.message).toMatch(/no zstd in node:zlib.*preferredEncoding\(\).*Node\.js >= 22\.15/);
    await codecError(() => encodeReport(report, "br" as ReportEncoding), "unknown-encoding");
  });
});

describe("decodeReport refuses what it cannot give back as stored", () => {
  const report = syntheticReport(256 * 1024);
  const stored = Object.fromEntries(ENCODINGS.map((e) => [e, encodeReport(report, e).bytes])) as Record<
    ReportEncoding,
    Buffer
  >;

  function flipped(bytes: Buffer, at: number): Buffer {
    const copy = Buffer.from(bytes);
    copy[at]! ^= 0x40;
    return copy;
  }

  describe.each(ENCODINGS)("%s", (encoding) => {
    const bytes = () => stored[encoding];
    const damaged: [string, () => Buffer][] = [
      ["a byte flipped in the middle", () => flipped(bytes(), bytes().length >> 1)],
      ["a byte flipped in the checksum", () => flipped(bytes(), bytes().length - 2)],
      ["the end cut off", () => bytes().subarray(0, bytes().length - 7)],
      ["half of it", () => bytes().subarray(0, bytes().length >> 1)],
      ["a second copy appended", () => Buffer.concat([bytes(), bytes()])],
      [
        "another report's data appended",
        () => Buffer.concat([bytes(), encodeReport(report, encoding).bytes]),
      ],
      ["plain XML", () => report],
      ["nothing", () => Buffer.alloc(0)],
    ];

    it.each(damaged)("%s: corrupt, naming the run, the problem and the fix", async (_case, make) => {
      const error = await codecError(() => decodeReport(encoding, make(), { what: WHAT }), "corrupt");
      expect(error.message).toContain(WHAT);
      expect(error.message).toContain(`stored ${encoding} data is damaged`);
      expect(error.message).toMatch(/restore the database from a backup, or delete the run and submit/);
    });

    it.each(damaged)("%s: the stream errors as well", async (_case, make) => {
      const error = await codecError(
        () => drain(decodeReportStream(encoding, make(), { what: WHAT })),
        "corrupt",
      );
      expect(error.message).toContain(WHAT);
    });
  });

  it("refuses an unknown encoding, naming it and the ones it reads", async () => {
    for (const run of [
      () => decodeReport("br", report, { what: WHAT }),
      () => decodeReportStream("br", report, { what: WHAT }),
    ]) {
      const error = await codecError(run, "unknown-encoding");
      expect(error.message).toContain(`${WHAT}: unknown encoding "br"`);
      expect(error.message).toContain("identity, gzip, zstd");
    }
  });

  (HAS_ZSTD ? it : it.skip)(
    "refuses a zstd report on a Node.js without zstd, saying which Node.js to run",
    async () => {
      for (const run of [
        () => decodeReport("zstd", stored.zstd, { what: WHAT, zlib: NO_ZSTD }),
        () => decodeReportStream("zstd", stored.zstd, { what: WHAT, zlib: NO_ZSTD }),
      ]) {
        const error = await codecError(run, "no-zstd");
        expect(error.message).toMatch(/^test run 42's XML: stored with zstd by a newer Node\.js/);
        expect(error.message).toContain("run jux serve on Node.js >= 22.15");
      }
    },
  );

  (HAS_ZSTD ? it : it.skip)(
    "refuses a zstd frame that does not record its size (jux never writes one)",
    async () => {
      const unsized = await drain(zlib.createZstdCompress().end(report) as unknown as Readable);
      expect(zlib.zstdDecompressSync(unsized).equals(report)).toBe(true);
      expect(zstdContentSize(unsized)).toBeUndefined();
      const error = await codecError(() => decodeReport("zstd", unsized), "corrupt");
      expect(error.message).toContain("no zstd frame header with the report's size");
    },
  );

  it("gives identity back as it is, within maxBytes", async () => {
    expect(decodeReport("identity", report).equals(report)).toBe(true);
    await codecError(() => decodeReport("identity", report, { maxBytes: report.length - 1 }), "too-large");
    expect(decodeReport("identity", report, { maxBytes: report.length }).length).toBe(report.length);
  });
});

describe("decompression bombs: 200 MB of zeros", () => {
  const BOMB = 200 * 1024 * 1024;
  const MAX = 50 * 1024 * 1024;
  const bombs: Partial<Record<ReportEncoding, Buffer>> = {};
  let zerosHash = "";

  beforeAll(() => {
    const zeros = Buffer.alloc(BOMB);
    zerosHash = sha256(zeros);
    for (const encoding of ENCODINGS) bombs[encoding] = encodeReport(zeros, encoding).bytes;
  });

  it.each(ENCODINGS)("%s: a few hundred KiB stored", (encoding) => {
    expect(bombs[encoding]!.length).toBeLessThan(1024 * 1024);
  });

  it.each(ENCODINGS)(
    "%s: refused by decodeReport above maxBytes, with the limit and the fix",
    async (encoding) => {
      const error = await codecError(
        () => decodeReport(encoding, bombs[encoding]!, { maxBytes: MAX, what: WHAT }),
        "too-large",
      );
      expect(error.message).toContain(`${WHAT} `);
      expect(error.message).toContain(`the ${MAX}-byte limit once decompressed`);
      expect(error.message).toContain("raise the limit if the report is genuine");
    },
  );

  it.each(ENCODINGS)("%s: refused by the stream, which stops at the limit", async (encoding) => {
    let seen = 0;
    const error = await codecError(async () => {
      for await (const chunk of decodeReportStream(encoding, bombs[encoding]!, { maxBytes: MAX }))
        seen += (chunk as Buffer).length;
    }, "too-large");
    expect(seen).toBeLessThanOrEqual(MAX);
    expect(error.message).toContain(`${MAX}-byte limit`);
  });

  (HAS_ZSTD ? it : it.skip)("zstd: refused before decompressing, from the size its header records", () => {
    expect(zstdContentSize(bombs.zstd!)).toBe(BOMB);
    expect(() => decodeReportStream("zstd", bombs.zstd!, { maxBytes: MAX })).toThrow(
      `the stored report is ${BOMB} bytes, above the ${MAX}-byte limit`,
    );
  });

  it.each(ENCODINGS)("%s: given back whole where maxBytes allows it", (encoding) => {
    const back = decodeReport(encoding, bombs[encoding]!, { maxBytes: BOMB });
    expect(back.length).toBe(BOMB);
    expect(sha256(back)).toBe(zerosHash);
  });
});

describe("a small report with a bomb appended (a second frame or member): no more inflated than it records", () => {
  const BOMB = 200 * 1024 * 1024;
  const small = Buffer.from(`<testsuite name="s">${"<testcase name='t'/>".repeat(80)}</testsuite>\n`);
  const stored: Partial<Record<ReportEncoding, Buffer>> = {};
  beforeAll(() => {
    const zeros = Buffer.alloc(BOMB);
    for (const encoding of ENCODINGS)
      stored[encoding] = Buffer.concat([
        encodeReport(small, encoding).bytes,
        encodeReport(zeros, encoding).bytes,
      ]);
  });

  // Never more than the recorded size comes out: refused as damaged, or (Node.js 22's zstd, which stops at the end
  // of a frame) the first frame alone, the report as stored, its checksum checked.
  const refusedOrFirst = (outcome: unknown, encoding: ReportEncoding) => {
    if (outcome instanceof ReportCodecError) expect(outcome.code).toBe("corrupt");
    else if (encoding === "zstd") expect(outcome).toEqual(small);
    else throw new Error(`${encoding}: a member appended was not refused`);
  };

  // No wall-clock bound (a timed test failed on a loaded machine): the outcome is the claim.
  it.each(ENCODINGS)("%s: decodeReport under the default 2 GiB limit", (encoding) => {
    let outcome: unknown;
    try {
      outcome = decodeReport(encoding, stored[encoding]!, { what: WHAT });
    } catch (e) {
      outcome = e;
    }
    refusedOrFirst(outcome, encoding);
  });

  // zstd only: gzip's trailer is the last member's, so a member appended brings its own size (the stream is then
  // bounded by it and by maxBytes, and fails once all is out).
  (HAS_ZSTD ? it : it.skip)("zstd: the stream stops at what the header records", async () => {
    const chunks: Buffer[] = [];
    let outcome: unknown;
    try {
      for await (const chunk of decodeReportStream("zstd", stored.zstd!)) chunks.push(chunk as Buffer);
      outcome = Buffer.concat(chunks);
    } catch (e) {
      outcome = e;
    }
    expect(Buffer.concat(chunks).length).toBeLessThanOrEqual(small.length + 64 * 1024);
    refusedOrFirst(outcome, "zstd");
  });
});

describe("decodeReportStream", () => {
  const report = syntheticReport(3 * 1024 * 1024 + 17);

  it.each([...ENCODINGS, "identity" as const])(
    "%s: the same bytes (and SHA-256) as decodeReport, in pieces",
    async (encoding) => {
      const stored = encoding === "identity" ? report : encodeReport(report, encoding).bytes;
      const stream = decodeReportStream(encoding, stored);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      expect(chunks.length).toBeGreaterThan(1);
      const streamed = Buffer.concat(chunks);
      expect(streamed.equals(decodeReport(encoding, stored))).toBe(true);
      expect(sha256(streamed)).toBe(sha256(report));
    },
  );

  // zstd: its decompressor can be handed in (the runtime), so the test sees that one itself is ended.
  (HAS_ZSTD ? it : it.skip)("zstd: a reader that stops early ends the decompression", async () => {
    const made: Transform[] = [];
    const runtime = {
      ...zlib,
      createZstdDecompress: (options?: zlib.ZstdOptions) => {
        const inflater = zlib.createZstdDecompress(options);
        made.push(inflater);
        return inflater;
      },
    };
    const stream = decodeReportStream("zstd", encodeReport(report, "zstd").bytes, { zlib: runtime });
    for await (const chunk of stream) {
      expect((chunk as Buffer).length).toBeGreaterThan(0);
      break;
    }
    // The generator's finally runs once the stream has closed it (Readable.from calls its return()).
    for (let i = 0; i < 50 && !made[0]?.destroyed; i++) await new Promise((done) => setTimeout(done, 10));
    expect(made.length).toBe(1);
    expect(made[0]!.destroyed).toBe(true);
  });
});
