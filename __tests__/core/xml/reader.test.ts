import { describe, expect, test } from "@jest/globals";
import { XmlError, type XmlErrorCode } from "../../../src/core/xml/errors.js";
import { readXml, readXmlSync, type ReadLimits } from "../../../src/core/xml/reader.js";
import {
  chunked,
  every,
  positionOf,
  randomSizes,
  readReportChunked,
  splitAt,
  whole,
  xmlErrorOf,
} from "../../helpers/reader-corpus.js";
import {
  expectError,
  expectSameEvents,
  Recorder,
  recordStreamed,
  recordSync,
  SOURCE,
} from "../../helpers/xml-events.js";
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

// ---------------------------------------------------------------------------------------------
// Rejections: each case names where the problem is, as a marker substring or a byte offset

interface Rejection {
  name: string;
  input: string | Buffer;
  code: XmlErrorCode;
  /** The first occurrence of this text is where the problem is; a number is a byte offset. */
  at: string | Buffer | number;
  reason: RegExp;
  limits?: Partial<ReadLimits>;
  /** Where the error is reported may legitimately depend on how the input was chunked. */
  chunkDependentPosition?: boolean;
}

function bytesOf(input: string | Buffer): Buffer {
  return typeof input === "string" ? Buffer.from(input, "utf8") : input;
}

function offsetOf(c: Rejection): number {
  const bytes = bytesOf(c.input);
  if (typeof c.at === "number") return c.at;
  const at = bytes.indexOf(typeof c.at === "string" ? Buffer.from(c.at) : c.at);
  if (at < 0)
    throw new Error(`test bug: marker ${JSON.stringify(c.at.toString())} not in the input of "${c.name}"`);
  return at;
}

async function expectRejected(c: Rejection): Promise<XmlError> {
  const bytes = bytesOf(c.input);
  const recorder = new Recorder();
  const err = await xmlErrorOf(() => readXmlSync(bytes, recorder, { source: SOURCE, limits: c.limits }));
  const { line, column } = positionOf(bytes, offsetOf(c));
  expectError(err, c.code, line, column, c.reason);
  return err;
}

const tag = (name: string, content: string): string =>
  `<testsuite>\n  <${name}>${content}</${name}>\n</testsuite>\n`;

const NOT_WELL_FORMED: Rejection[] = [
  {
    name: "mismatched end tag",
    input: "<testsuite>\n  <testcase></testsuite>\n</testsuite>\n",
    code: "not-well-formed",
    at: "</testsuite>",
    reason: /end tag <\/testsuite> does not match the start tag <testcase>/,
  },
  {
    name: "end tag without a start tag",
    input: "<testsuite/>\n</testsuite>\n",
    code: "not-well-formed",
    at: "</testsuite>",
    reason: /end tag <\/testsuite> without a start tag/,
  },
  {
    name: "unclosed element at EOF",
    input: '<testsuite>\n  <testcase name="t">\n',
    code: "not-well-formed",
    at: '<testsuite>\n  <testcase name="t">\n'.length,
    reason: /unexpected end of file: <testcase> is not closed/,
  },
  {
    name: "unfinished start tag at EOF",
    input: '<testsuite>\n  <testcase name="t"',
    code: "not-well-formed",
    at: "<testcase",
    reason: /unexpected end of file/,
  },
  {
    name: "text after the root element",
    input: "<testsuite/>\ntrailing garbage\n",
    code: "not-well-formed",
    at: "trailing",
    reason: /text is not allowed after the document element/,
  },
  {
    name: "text before the root element",
    input: "\n  junk<testsuite/>",
    code: "not-well-formed",
    at: "junk",
    reason: /text is not allowed before the document element/,
  },
  {
    name: "second root element",
    input: "<testsuites/>\n<testsuite/>\n",
    code: "not-well-formed",
    at: "<testsuite/>",
    reason: /a second document element/,
  },
  {
    name: "'<' in an attribute value",
    input: '<testsuite>\n  <testcase time="<<computed>>"/>\n</testsuite>',
    code: "not-well-formed",
    at: "<<computed",
    reason: /'<' is not allowed in the value of attribute time/,
  },
  {
    name: "unquoted attribute value",
    input: "<testsuite>\n  <testcase tests=3/>\n</testsuite>",
    code: "not-well-formed",
    at: "3/>",
    reason: /the value of attribute tests must be quoted/,
  },
  {
    name: "attribute without a value",
    input: "<testsuite>\n  <testcase disabled/>\n</testsuite>",
    code: "not-well-formed",
    at: "/>",
    reason: /attribute disabled has no '=' and value/,
  },
  {
    name: "duplicate attribute",
    input: '<testsuite>\n  <testcase name="a" time="1" name="b"/>\n</testsuite>',
    code: "not-well-formed",
    at: 'name="b"',
    reason: /attribute name appears twice/,
  },
  {
    name: "duplicate expanded name: two prefixes bound to the same URI",
    input: '<testsuite>\n  <testcase xmlns:a="urn:x" xmlns:b="urn:x" a:id="1" b:id="2"/>\n</testsuite>',
    code: "not-well-formed",
    at: "<testcase",
    reason: /attribute \{urn:x\}id appears twice/,
  },
  {
    name: "unbound element prefix",
    input: "<testsuite>\n  <j:testcase/>\n</testsuite>",
    code: "not-well-formed",
    at: "<j:testcase",
    reason: /the prefix j of j:testcase is not declared/,
  },
  {
    name: "unbound attribute prefix",
    input: '<testsuite\n    xsi:noNamespaceSchemaLocation="surefire.xsd"/>',
    code: "not-well-formed",
    at: "xsi:",
    reason: /the prefix xsi of xsi:noNamespaceSchemaLocation is not declared/,
  },
  {
    name: "']]>' in text",
    input: tag("system-out", "a ]]> b"),
    code: "not-well-formed",
    at: "]]>",
    reason: /']]>' is not allowed in text/,
  },
  {
    name: "raw U+0001 in text",
    input: tag("system-out", "x\u0001y"),
    code: "not-well-formed",
    at: "\u0001",
    reason: /invalid character U\+0001/,
  },
  {
    name: "raw ESC (ANSI colour) in an attribute value",
    input: '<testsuite>\n  <testcase name="\u001b[31mred"/>\n</testsuite>',
    code: "not-well-formed",
    at: "\u001b",
    reason: /invalid character U\+001B/,
  },
  {
    name: "raw U+0001 in a CDATA section",
    input: tag("system-out", "<![CDATA[x\u0001]]>"),
    code: "not-well-formed",
    at: "\u0001",
    reason: /invalid character U\+0001/,
  },
  {
    name: "&#1; in text",
    input: tag("system-out", "x&#1;y"),
    code: "not-well-formed",
    at: "&#1;",
    reason: /&#1; does not refer to a character allowed in XML 1.0/,
  },
  {
    name: "&#x1B; in an attribute value",
    input: '<testsuite>\n  <testcase name="&#x1B;[31mred"/>\n</testsuite>',
    code: "not-well-formed",
    at: "&#x1B;",
    reason: /&#x1B; does not refer to a character allowed in XML 1.0/,
  },
  {
    name: "&#0;",
    input: tag("system-out", "&#0;"),
    code: "not-well-formed",
    at: "&#0;",
    reason: /&#0; does not refer/,
  },
  {
    name: "&#xD800; (a surrogate)",
    input: tag("system-out", "x&#xD800;"),
    code: "not-well-formed",
    at: "&#xD800;",
    reason: /&#xD800; does not refer to a character allowed in XML 1.0/,
  },
  {
    name: "&#x110000; (beyond Unicode)",
    input: tag("system-out", "&#x110000;"),
    code: "not-well-formed",
    at: "&#x110000;",
    reason: /&#x110000; does not refer/,
  },
  {
    name: "raw U+FFFE in text",
    input: tag("system-out", "x\ufffe"),
    code: "not-well-formed",
    at: "\ufffe",
    reason: /invalid character U\+FFFE/,
  },
  {
    name: "raw U+FFFF in a CDATA section",
    input: tag("system-out", "<![CDATA[x\uffff]]>"),
    code: "not-well-formed",
    at: "\uffff",
    reason: /invalid character U\+FFFF/,
  },
  {
    name: "raw U+FFFE in a comment",
    input: tag("system-out", "<!-- x\ufffe -->"),
    code: "not-well-formed",
    at: "\ufffe",
    reason: /invalid character U\+FFFE/,
  },
  {
    name: "raw U+FFFE in an attribute value",
    input: '<testsuite>\n  <testcase name="\ufffe"/>\n</testsuite>',
    code: "not-well-formed",
    at: "\ufffe",
    reason: /invalid character U\+FFFE/,
  },
  {
    name: "comment containing '--'",
    input: tag("system-out", "<!-- a -- b -->"),
    code: "not-well-formed",
    at: "-- b",
    reason: /'--' is not allowed inside a comment/,
  },
  {
    name: "comment ending in '--->'",
    input: "<testsuite>\n  <!-- a --->\n</testsuite>",
    code: "not-well-formed",
    at: "--->",
    reason: /'--' is not allowed inside a comment/,
  },
  {
    name: "bare '&' in text",
    input: tag("system-out", "AT&T"),
    code: "not-well-formed",
    at: "&T",
    reason: /'&' must start a reference/,
  },
  {
    name: "CDATA section outside the root element",
    input: "<![CDATA[x]]><testsuite/>",
    code: "not-well-formed",
    at: 0,
    reason: /a CDATA section outside the document element/,
  },
  {
    name: "empty file",
    input: "",
    code: "not-well-formed",
    at: 0,
    reason: /the file is empty/,
  },
  {
    name: "whitespace-only file",
    input: " \n\t\n  ",
    code: "not-well-formed",
    at: 6,
    reason: /no document element/,
  },
  {
    name: "comment-only file",
    input: "<!-- no report -->\n",
    code: "not-well-formed",
    at: "<!-- no report -->\n".length,
    reason: /no document element/,
  },
  {
    name: "XML declaration not at the start",
    input: '\n<?xml version="1.0" encoding="UTF-8"?>\n<testsuite/>',
    code: "not-well-formed",
    at: "<?xml",
    reason: /the XML declaration is only allowed at the very start of the file/,
  },
  {
    name: "XML declaration after a comment",
    input: '<!-- generated -->\n<?xml version="1.0"?>\n<testsuite/>',
    code: "not-well-formed",
    at: "<?xml",
    reason: /the XML declaration is only allowed at the very start of the file/,
  },
  {
    name: "malformed XML declaration",
    input: '<?xml version="1.0" encoding=UTF-8?>\n<testsuite/>',
    code: "not-well-formed",
    at: 0,
    reason: /malformed XML declaration/,
  },
  {
    name: "XML declaration without a version",
    input: '<?xml encoding="UTF-8"?>\n<testsuite/>',
    code: "not-well-formed",
    at: 0,
    reason: /the XML declaration has no valid version/,
  },
];

const FORBIDDEN: Rejection[] = [
  {
    name: "DOCTYPE with an external DTD",
    input: '<?xml version="1.0"?>\n<!DOCTYPE testsuite SYSTEM "junit.dtd">\n<testsuite/>',
    code: "forbidden-construct",
    at: "<!DOCTYPE",
    reason: /DOCTYPE declarations are not allowed/,
  },
  {
    name: "entity declaration in content",
    input: '<testsuite>\n  <!ENTITY x "y">\n</testsuite>',
    code: "forbidden-construct",
    at: "<!ENTITY",
    reason: /markup declarations \(ENTITY\) are not allowed/,
  },
  {
    name: "undefined entity &foo; in text",
    input: tag("system-out", "a &foo; b"),
    code: "forbidden-construct",
    at: "&foo;",
    reason: /undefined entity &foo;/,
  },
  {
    name: "undefined entity &nbsp; in an attribute value",
    input: '<testsuite>\n  <testcase name="a&nbsp;b"/>\n</testsuite>',
    code: "forbidden-construct",
    at: "&nbsp;",
    reason: /undefined entity &nbsp;/,
  },
  {
    name: "<?xml-stylesheet?> before the root element",
    input: '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="junit.xsl"?>\n<testsuites/>',
    code: "forbidden-construct",
    at: "<?xml-stylesheet",
    reason: /processing instruction <\?xml-stylesheet\?> is not allowed/,
  },
  {
    name: "<?xml-stylesheet?> inside the root element",
    input: '<testsuites>\n  <?xml-stylesheet href="junit.xsl"?>\n</testsuites>',
    code: "forbidden-construct",
    at: "<?xml-stylesheet",
    reason: /processing instruction <\?xml-stylesheet\?> is not allowed/,
  },
  {
    name: "<?php ?> inside the root element",
    input: '<testsuite>\n  <testcase name="a"><?php echo 1; ?></testcase>\n</testsuite>',
    code: "forbidden-construct",
    at: "<?php",
    reason: /processing instruction <\?php\?> is not allowed/,
  },
  {
    name: "<?php ?> after the root element",
    input: "<testsuite/>\n<?php ?>\n",
    code: "forbidden-construct",
    at: "<?php",
    reason: /processing instruction <\?php\?> is not allowed/,
  },
];

const utf16le = (s: string): Buffer => Buffer.from(s, "utf16le");
const utf16be = (s: string): Buffer => Buffer.from(s, "utf16le").swap16();
const utf32le = (s: string): Buffer => {
  const out = Buffer.alloc(s.length * 4);
  [...s].forEach((c, i) => out.writeUInt32LE(c.codePointAt(0)!, i * 4));
  return out;
};
const DECL16 = '<?xml version="1.0" encoding="UTF-16"?>\n<testsuite/>';
const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));

const ENCODING: Rejection[] = [
  {
    name: 'encoding="ISO-8859-1" declared',
    input: '<?xml version="1.0" encoding="ISO-8859-1"?>\n<testsuite/>',
    code: "unsupported-encoding",
    at: 0,
    reason: /unsupported encoding "ISO-8859-1" declared/,
  },
  {
    name: "encoding='windows-1252' declared",
    input: "<?xml version='1.0' encoding='windows-1252'?>\n<testsuite/>",
    code: "unsupported-encoding",
    at: 0,
    reason: /unsupported encoding "windows-1252" declared/,
  },
  {
    name: "UTF-16 LE with BOM",
    input: Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(DECL16)]),
    code: "unsupported-encoding",
    at: 0,
    reason: /UTF-16 \(little-endian byte order mark\)/,
  },
  {
    name: "UTF-16 BE with BOM",
    input: Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(DECL16)]),
    code: "unsupported-encoding",
    at: 0,
    reason: /UTF-16 \(big-endian byte order mark\)/,
  },
  {
    name: "UTF-16 LE without BOM (detected)",
    input: utf16le(DECL16),
    code: "unsupported-encoding",
    at: 0,
    reason: /UTF-16 \(little-endian, detected\)/,
  },
  {
    name: "UTF-16 BE without BOM (detected)",
    input: utf16be(DECL16),
    code: "unsupported-encoding",
    at: 0,
    reason: /UTF-16 \(big-endian, detected\)/,
  },
  {
    name: "UTF-32 LE with BOM",
    input: Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32le("<testsuite/>")]),
    code: "unsupported-encoding",
    at: 0,
    reason: /UTF-32 \(little-endian byte order mark\)/,
  },
  {
    name: "UTF-32 BE with BOM",
    input: Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32le("<testsuite/>").swap32()]),
    code: "unsupported-encoding",
    at: 0,
    reason: /UTF-32 \(big-endian byte order mark\)/,
  },
  {
    name: "invalid UTF-8 0xC3 0x28 in text",
    input: bytes("<testsuite>\n  <system-out>caf", [0xc3, 0x28], "</system-out>\n</testsuite>"),
    code: "unsupported-encoding",
    at: Buffer.from([0xc3]),
    reason: /invalid UTF-8: byte 0xc3 at byte offset 29 is a byte sequence that is not UTF-8/,
  },
  {
    name: "lone continuation byte 0x80 in an attribute value",
    input: bytes('<testsuite>\n  <testcase name="a', [0x80], '"/>\n</testsuite>'),
    code: "unsupported-encoding",
    at: Buffer.from([0x80]),
    reason: /byte 0x80 at byte offset 31 is a continuation byte without a lead byte/,
  },
  {
    name: "truncated multibyte sequence at EOF (a report cut off mid-character)",
    input: bytes("<testsuite>\n  <system-out>caf", [0xe2, 0x82]),
    code: "unsupported-encoding",
    at: 29,
    reason: /byte 0xe2 at byte offset 29/,
  },
  {
    name: "truncated multibyte sequence before ASCII",
    input: bytes("<testsuite>", [0xe2, 0x82], "</testsuite>"),
    code: "unsupported-encoding",
    at: 11,
    reason: /byte 0xe2 at byte offset 11/,
  },
  {
    name: "overlong encoding 0xC0 0xAF",
    input: bytes("<testsuite>", [0xc0, 0xaf], "</testsuite>"),
    code: "unsupported-encoding",
    at: 11,
    reason: /byte 0xc0/,
  },
  {
    name: "CESU-8 surrogate 0xED 0xA0 0x80",
    input: bytes("<testsuite>", [0xed, 0xa0, 0x80], "</testsuite>"),
    code: "unsupported-encoding",
    at: 11,
    reason: /byte 0xed/,
  },
  {
    name: "Latin-1 é (0xE9) in an ISO-8859-1 file without declaration",
    input: bytes('<testsuite name="caf', [0xe9], '"/>'),
    code: "unsupported-encoding",
    at: 20,
    reason: /byte 0xe9 at byte offset 20/,
  },
];

const nest = (depth: number): string => "<a>".repeat(depth) + "</a>".repeat(depth);
const withAttribute = (length: number): string =>
  `<testsuite>\n  <testcase name="${"y".repeat(length)}"/>\n</testsuite>`;

const LIMITS: Rejection[] = [
  {
    name: "nesting 257 deep",
    input: nest(257),
    code: "limit-exceeded",
    at: 256 * 3,
    reason: /elements are nested deeper than the limit of 256/,
  },
  {
    name: "nesting deeper than limits.maxDepth",
    input: "<testsuites>\n<testsuite>\n<testcase/>\n</testsuite>\n</testsuites>",
    code: "limit-exceeded",
    at: "<testcase",
    reason: /nested deeper than the limit of 2/,
    limits: { maxDepth: 2 },
  },
  {
    name: "attribute value over limits.maxAttributeBytes",
    input: withAttribute(1025),
    code: "limit-exceeded",
    at: '"y',
    reason: /the value of attribute name is longer than the 1024-byte limit/,
    limits: { maxAttributeBytes: 1024 },
  },
];

const ALL_REJECTIONS = [...NOT_WELL_FORMED, ...FORBIDDEN, ...ENCODING, ...LIMITS];

describe("rejections", () => {
  describe.each([
    ["not well-formed", NOT_WELL_FORMED],
    ["forbidden constructs", FORBIDDEN],
    ["encodings", ENCODING],
    ["limits", LIMITS],
  ] as const)("%s", (_, cases) => {
    test.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
      await expectRejected(c);
    });
  });

  test("a few positions, spelled out", async () => {
    const at = async (input: string | Buffer) => {
      const e = await xmlErrorOf(() => readXmlSync(input, new Recorder(), { source: SOURCE }));
      return e.message.slice(0, e.message.indexOf(": "));
    };
    expect(await at("<testsuite>\n  <testcase></testsuite>\n</testsuite>\n")).toBe("report.xml:2:13");
    expect(await at('<testsuite>\n  <testcase time="<<computed>>"/>\n</testsuite>')).toBe("report.xml:2:19");
    expect(await at('<testsuite>\n  <testcase name="a" time="1" name="b"/>\n</testsuite>')).toBe(
      "report.xml:2:31",
    );
    expect(await at("<testsuite/>\ntrailing garbage\n")).toBe("report.xml:2:1");
    expect(await at('<?xml version="1.0"?>\n<!DOCTYPE x>\n<testsuite/>')).toBe("report.xml:2:1");
    expect(await at("<testsuite>\n  <system-out>\n    é x&foo;</system-out></testsuite>")).toBe(
      "report.xml:3:8",
    );
    expect(await at(nest(257))).toBe("report.xml:1:769");
    expect(await at("")).toBe("report.xml:1:1");
  });

  /** "code message" of the XmlError thrown, or "accepted". */
  const outcome = async (run: () => unknown): Promise<string> => {
    try {
      await run();
      return "accepted";
    } catch (e) {
      if (e instanceof XmlError) return `${e.code} ${e.message}`;
      throw e;
    }
  };

  test("the error (code, position and reason) does not depend on how the input is chunked", async () => {
    const mismatches: string[] = [];
    for (const c of ALL_REJECTIONS.filter((r) => !r.chunkDependentPosition)) {
      const input = bytesOf(c.input);
      const want = await outcome(() =>
        readXmlSync(input, new Recorder(), { source: SOURCE, limits: c.limits }),
      );
      for (const [label, sizes] of [
        ["1-byte", every(1)],
        ["3-byte", every(3)],
        ["7-byte", every(7)],
        ["random", randomSizes(input.length)],
      ] as const) {
        const got = await outcome(() => recordStreamed(input, sizes, c.limits));
        if (got === want) continue;
        mismatches.push(`${c.name} [${label}]: ${got}  (one chunk: ${want})`);
        break;
      }
    }
    expect(mismatches).toEqual([]);
  });

  test("with lines counted only for an error (reread), every error is the same, line and column included", async () => {
    const mismatches: string[] = [];
    let reread = 0;
    for (const c of ALL_REJECTIONS.filter((r) => !r.chunkDependentPosition)) {
      const input = bytesOf(c.input);
      const want = await outcome(() =>
        readXmlSync(input, new Recorder(), { source: SOURCE, limits: c.limits }),
      );
      for (const [label, sizes] of [
        ["one chunk", whole],
        ["7-byte", every(7)],
        ["random", randomSizes(input.length)],
      ] as const) {
        const again = () => {
          reread++;
          return chunked(input, every(5));
        };
        const got = await outcome(() =>
          readXml(chunked(input, sizes), new Recorder(), { source: SOURCE, limits: c.limits, reread: again }),
        );
        if (got === want) continue;
        mismatches.push(`${c.name} [${label}]: ${got}  (counted as read: ${want})`);
        break;
      }
    }
    expect(mismatches).toEqual([]);
    expect(reread).toBeGreaterThan(ALL_REJECTIONS.length); // the lines were indeed found by a second reading
  });

  test("lines found later agree with lines counted as read at the same chunking, chunk-dependent cases too", async () => {
    const mismatches: string[] = [];
    for (const c of ALL_REJECTIONS) {
      const input = bytesOf(c.input);
      for (const [label, sizes] of [
        ["3-byte", every(3)],
        ["7-byte", every(7)],
        ["random", randomSizes(input.length)],
      ] as const) {
        const read = (reread?: () => AsyncIterable<Buffer>) =>
          outcome(() =>
            readXml(chunked(input, sizes), new Recorder(), {
              source: SOURCE,
              limits: c.limits,
              ...(reread ? { reread } : {}),
            }),
          );
        const want = await read();
        const got = await read(() => chunked(input, every(5)));
        if (got === want) continue;
        mismatches.push(`${c.name} [${label}]: ${got}  (counted as read: ${want})`);
        break;
      }
    }
    expect(mismatches).toEqual([]);
  });

  test("a long unclosed comment or CDATA section: the line is the same whether counted as read or later", async () => {
    for (const open of ["<!--", "<![CDATA["]) {
      const input = Buffer.from(`<testsuite>\n${open}\n${"x\n".repeat(200_000)}`);
      const sizes = every(65536);
      const counted = await xmlErrorOf(() =>
        readXml(chunked(input, sizes), new Recorder(), { source: SOURCE }),
      );
      const later = await xmlErrorOf(() =>
        readXml(chunked(input, sizes), new Recorder(), {
          source: SOURCE,
          reread: () => chunked(input, every(4096)),
        }),
      );
      expect(later.line).toBe(counted.line);
      expect(later.message).toBe(counted.message);
    }
  });

  test("an input that cannot be read again: the error keeps its reason and gives the byte offset instead", async () => {
    const input = Buffer.from("<testsuite>\n  <testcase name='a'>\n  </testsuit>\n</testsuite>");
    const err = await xmlErrorOf(() =>
      readXml(chunked(input, every(4)), new Recorder(), {
        source: SOURCE,
        reread: () => {
          throw new Error("standard input can only be read once");
        },
      }),
    );
    expect(err.line).toBe(0);
    expect(err.message).toMatch(/^report\.xml: .*testsuit.* \(at byte \d+\)$/);
    expect(err.message).toContain(`(at byte ${input.indexOf("</testsuit>")})`);
  });
});

describe("DOCTYPE and entity expansion attacks", () => {
  const BILLION_LAUGHS = [
    '<?xml version="1.0"?>',
    "<!DOCTYPE lolz [",
    ' <!ENTITY lol "lol">',
    ...Array.from({ length: 9 }, (_, i) => {
      const prev = i === 0 ? "lol" : `lol${i}`;
      return ` <!ENTITY lol${i + 1} "${`&${prev};`.repeat(10)}">`;
    }),
    "]>",
    '<testsuite name="&lol9;"><system-out>&lol9;</system-out></testsuite>',
  ].join("\n");

  const XXE_SYSTEM = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE testsuite [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>',
    '<testsuite name="&xxe;"><system-out>&xxe;</system-out></testsuite>',
  ].join("\n");

  test.each([
    ["billion laughs", BILLION_LAUGHS],
    ["XXE SYSTEM entity", XXE_SYSTEM],
  ])("%s is refused at the DOCTYPE, before anything is expanded", async (_, input) => {
    // (1- to 5-byte chunks are covered by the XML declaration tests below)
    for (const sizes of [whole, every(7), every(13)]) {
      const recorder = new Recorder();
      const err = await xmlErrorOf(() =>
        readXml(chunked(Buffer.from(input), sizes), recorder, { source: SOURCE }),
      );
      const { line, column } = positionOf(Buffer.from(input), input.indexOf("<!DOCTYPE"));
      expectError(err, "forbidden-construct", line, column, /DOCTYPE declarations are not allowed/);
      expect(recorder.events).toEqual([]);
      expect(err.message).not.toMatch(/lollol|root:/);
    }
  });

  /**
   * An equivalent of Jenkins' SECURITY-656 regression fixture, hostile/jenkins-testXxe-xxe.xml: ISO-8859-1, an
   * external parameter entity, content after the root. (The fixture itself: __tests__/corpus/xml-reader.test.ts.)
   */
  const jenkinsXxe = Buffer.from(
    [
      '<?xml version="1.0" encoding="ISO-8859-1"?>',
      "<!DOCTYPE testsuite [",
      '  <!ENTITY % remote SYSTEM "$OOB_LINK$">',
      "  %remote;",
      "]>",
      '<testsuite name="&exfiltrate;"/>',
      "content after the root element",
      "",
    ].join("\n"),
    "latin1",
  );

  test("a hostile XXE report in ISO-8859-1 is refused before its DTD is looked at", async () => {
    const recorder = new Recorder();
    const err = await xmlErrorOf(() => readXmlSync(jenkinsXxe, recorder, { source: SOURCE }));
    expectError(err, "unsupported-encoding", 1, 1, /"ISO-8859-1"/);
    expect(recorder.events).toEqual([]);
    await expect(readReportChunked(jenkinsXxe)).rejects.toMatchObject({ code: "unsupported-encoding" });
  });

  test("the same hostile report declared as UTF-8 is refused at its DOCTYPE", async () => {
    const text = jenkinsXxe.toString("latin1").replace(/encoding=["']ISO-8859-1["']/i, 'encoding="UTF-8"');
    const input = Buffer.from(text, "latin1");
    const recorder = new Recorder();
    const err = await xmlErrorOf(() => readXmlSync(input, recorder, { source: SOURCE }));
    const { line, column } = positionOf(input, input.indexOf("<!DOCTYPE"));
    expectError(err, "forbidden-construct", line, column, /DOCTYPE/);
    expect(recorder.events).toEqual([]);
  });
});

describe("accepted encodings", () => {
  test.each([
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<?xml version="1.0" encoding="utf-8"?>',
    '<?xml version="1.0" encoding="UTF8"?>',
    "<?xml version='1.0' encoding='Utf-8' standalone='yes' ?>",
    '<?xml version="1.1"?>',
    '<?xml version="1.0"?>',
  ])("%s", (decl) => {
    const events = recordSync(`${decl}\n<testsuite name="é"/>`).events;
    expect(events.map((e) => e.kind)).toEqual(["start", "end"]);
  });

  test("a UTF-8 byte order mark is accepted and skipped", () => {
    for (const body of ['<?xml version="1.0" encoding="UTF-8"?>\r\n<testsuite/>', "<testsuite/>"]) {
      const input = Buffer.concat([BOM, Buffer.from(body)]);
      const recorder = new Recorder();
      const info = readXmlSync(input, recorder, { source: SOURCE });
      expect(info).toEqual({ bomLength: 3, size: input.length });
      const start = recorder.events[0];
      expect(start?.kind === "start" && input.subarray(start.tag.start, start.tag.end).toString()).toBe(
        "<testsuite/>",
      );
    }
  });

  test("non-ASCII UTF-8 (2-, 3- and 4-byte sequences) is accepted", () => {
    const text = '<testsuite name="café €"><system-out>😀 ✓ ü</system-out></testsuite>';
    const events = recordSync(text).events;
    expect(events[0]).toMatchObject({ kind: "start", tag: { attributes: [{ value: "café €" }] } });
    expect(events[2]).toEqual({
      kind: "text",
      cdata: false,
      bytes: Buffer.from("😀 ✓ ü").toString("latin1"),
    });
  });
});

describe("limits", () => {
  test("256 levels of nesting are accepted, 257 are not", async () => {
    expect(recordSync(nest(256)).events).toHaveLength(512);
    expect((await xmlErrorOf(() => recordSync(nest(257)))).code).toBe("limit-exceeded");
  });

  test("a 100 000-deep document is refused", async () => {
    const err = await xmlErrorOf(() => recordSync(nest(100_000)));
    expect(err.code).toBe("limit-exceeded");
    const streamed = await xmlErrorOf(() => recordStreamed(Buffer.from(nest(100_000)), every(65536)));
    expect(streamed.code).toBe("limit-exceeded");
  });

  test("an attribute value exactly at limits.maxAttributeBytes is accepted", () => {
    const events = recordSync(withAttribute(1024), { maxAttributeBytes: 1024 }).events;
    expect(events[2]).toMatchObject({ kind: "start", tag: { attributes: [{ value: "y".repeat(1024) }] } });
  });

  test("an attribute value over the default 10 MB limit is refused, read whole or streamed", async () => {
    const input = Buffer.from(withAttribute(10 * 1024 ** 2 + 1));
    const { line, column } = positionOf(input, input.indexOf('"y'));
    const reason = /the value of attribute name is longer than the 10485760-byte limit/;
    expectError(await xmlErrorOf(() => recordSync(input)), "limit-exceeded", line, column, reason);
    const streamed = await xmlErrorOf(() => recordStreamed(input, every(65536)));
    expect(streamed.code).toBe("limit-exceeded");
    expect(streamed.reason).toMatch(reason);
  });

  test("a file of exactly limits.maxBytes is accepted; one byte more is refused when streamed too", async () => {
    const input = Buffer.from(`<testsuite>${" ".repeat(100)}</testsuite>`);
    expect(recordSync(input, { maxBytes: input.length }).events.length).toBeGreaterThan(0);
    const err = await xmlErrorOf(() => recordStreamed(input, every(16), { maxBytes: input.length - 1 }));
    expect(err.code).toBe("limit-exceeded");
    // The size is a property of the whole file: the message names the file and the limit, not a position.
    expect(err.message).toBe(`report.xml: the file is larger than the ${input.length - 1}-byte limit`);
    const whole = await xmlErrorOf(() => recordStreamed(input, every(input.length), { maxBytes: 100 }));
    expect(whole.message).toBe("report.xml: the file is larger than the 100-byte limit");
  });
});

describe("documents that are not JUnit are refused", () => {
  test.each([
    [
      '<testsuites xmlns="http://check.sourceforge.net/ns"><suite/></testsuites>',
      /<testsuites> in namespace http:\/\/check\.sourceforge\.net\/ns/,
    ],
    ['<j:testsuite xmlns:j="urn:junit"/>', /<j:testsuite> in namespace urn:junit/],
    ["<testcase/>", /the root element is <testcase>/],
  ])("%s is not JUnit", async (input, reason) => {
    const err = await xmlErrorOf(() => readReportChunked(Buffer.from(input)));
    expect(err.code).toBe("not-junit");
    expect(err.reason).toMatch(reason);
  });
});

// ---------------------------------------------------------------------------------------------
// Streaming: the same events, offsets and canonical hash however the bytes arrive

describe("streaming: chunk boundaries at every position of a tricky document", () => {
  const TRICKY = Buffer.from(
    [
      "<testsuites>",
      '  <testsuite name="café € 😀" note="a&amp;b&#x20AC;&#13;\r\nc&lt;&quot;">',
      "    <!-- a comment - with -dashes- and é -->",
      '    <testcase name="t&lt;1&gt;" xmlns:x="urn:x" x:id="1">',
      "      <failure><![CDATA[x ]] y ]> z \r\n 😀 ]]]]><![CDATA[>]]></failure>",
      "      <system-out>a &amp; b &#x1F600; ] ]] é\r\nline2\r\n\r\n</system-out>",
      "    </testcase>",
      "  </testsuite>",
      "</testsuites>",
      "",
    ].join("\r\n"),
  );
  const splits = Array.from({ length: TRICKY.length - 1 }, (_, i) => i + 1);

  test("the same events for every 2-chunk split and for 1-byte chunks", async () => {
    const want = recordSync(TRICKY).events;
    for (const k of splits) expectSameEvents((await recordStreamed(TRICKY, splitAt(k))).events, want);
    expectSameEvents((await recordStreamed(TRICKY, every(1))).events, want);
  });

  test("the same canonical hash for every 2-chunk split", async () => {
    const want = (await readReportChunked(TRICKY)).canonicalHash;
    const differing: number[] = [];
    for (const k of splits)
      if ((await readReportChunked(TRICKY, splitAt(k))).canonicalHash !== want) differing.push(k);
    expect(
      differing.map((k) => `split after ${JSON.stringify(TRICKY.subarray(k - 3, k).toString("latin1"))}`),
    ).toEqual([]);
  });

  test("a text segment never ends between CR and LF (what the canonicalizer relies on)", async () => {
    const bad: string[] = [];
    for (const sizes of [...splits.map((k) => splitAt(k)), every(1)]) {
      const { segments } = await recordStreamed(TRICKY, sizes);
      segments.forEach((s, i) => {
        const next = segments[i + 1];
        if (s.raw[s.raw.length - 1] === 0x0d && next?.raw[0] === 0x0a)
          bad.push(`${s.cdata ? "CDATA" : "text"} ${JSON.stringify(s.raw.toString())}`);
      });
    }
    expect([...new Set(bad)]).toEqual([]);
  });

  test.each([
    [
      "an XML declaration",
      Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\r\n<testsuite name="x"/>\r\n'),
    ],
    [
      "a BOM and an XML declaration",
      Buffer.concat([BOM, Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\r\n<testsuite/>')]),
    ],
  ])(
    "a document starting with %s, split at every position, is accepted with the same events",
    async (_, input) => {
      const want = recordSync(input).events;
      const failures: string[] = [];
      for (const k of Array.from({ length: input.length - 1 }, (_, i) => i + 1)) {
        try {
          expect(JSON.stringify((await recordStreamed(input, splitAt(k))).events)).toBe(JSON.stringify(want));
        } catch (e) {
          failures.push(`split at ${k}: ${e instanceof XmlError ? e.message : "different events"}`);
        }
      }
      expect(failures).toEqual([]);
    },
  );

  test.each([
    ["text", "<testsuite><system-out>a \ufffe b</system-out></testsuite>"],
    ["a CDATA section", "<testsuite><system-out><![CDATA[a \uffff b]]></system-out></testsuite>"],
    ["a comment", "<testsuite><!-- a \ufffe b --></testsuite>"],
    ["an attribute value", '<testsuite name="a \ufffe b"/>'],
  ])("U+FFFE/U+FFFF in %s is refused wherever the chunks split it", async (_, text) => {
    const input = Buffer.from(text);
    const accepted: number[] = [];
    for (const k of Array.from({ length: input.length - 1 }, (_, i) => i + 1)) {
      const err = await recordStreamed(input, splitAt(k)).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (!(err instanceof XmlError) || err.code !== "not-well-formed") accepted.push(k);
    }
    expect(accepted).toEqual([]);
  });
});

describe("CDATA read in pieces", () => {
  test("every text event ends on a character boundary, whatever the chunk size", async () => {
    const input = Buffer.from("<testsuite><![CDATA[xüüüüüüü€€€😀😀abcdefghijkl]]></testsuite>");
    for (let size = 1; size < input.length; size++) {
      const pieces: Buffer[] = [];
      const handler = {
        startElement() {},
        endElement() {},
        text: (raw: Buffer) => void pieces.push(Buffer.from(raw)),
      };
      await readXml(
        (async function* () {
          for (let i = 0; i < input.length; i += size) yield input.subarray(i, i + size);
        })(),
        handler,
        { source: "t.xml" },
      );
      for (const p of pieces) expect(p.toString("utf8")).not.toContain("\uFFFD");
      expect(Buffer.concat(pieces).toString("utf8")).toBe("xüüüüüüü€€€😀😀abcdefghijkl");
    }
  });
});
