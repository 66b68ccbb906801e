/**
 * Signing every well-formed report of the corpus: without metadata the output is the input plus the
 * Signature; with metadata only <property> elements are added. (The rest is in __tests__/core/junit/metadata.test.ts.)
 */
import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readReport } from "../../src/core/report/read-report.js";
import { XMLDSIG, corpusName, wellFormedReports } from "../helpers/fixtures.js";
import { chunks, key, sign } from "../helpers/jux.js";
import { asMap, PROPS, withoutSignature } from "../helpers/metadata.js";
import { withShared } from "../helpers/shared.js";

/**
 * The run of bytes `changed` has that `original` has not, when `changed` is `original` plus one insertion.
 * Where the insertion starts is ambiguous when it begins like what follows it, so it comes back as one of
 * its rotations.
 */
function insertion(original: string, changed: string): string {
  let p = 0;
  while (p < original.length && original[p] === changed[p]) p++;
  const inserted = changed.slice(p, p + changed.length - original.length);
  expect(changed.slice(p + inserted.length)).toBe(original.slice(p));
  return inserted;
}

function someRotation(s: string, test: (r: string) => boolean): boolean {
  for (let k = 0; k < Math.max(1, s.length); k++) if (test(s.slice(k) + s.slice(0, k))) return true;
  return false;
}

/** A self-closing document element gets an end tag so that the Signature can go inside it. */
function opened(xml: string, root: string): string {
  const at = xml.indexOf(`<${root}`);
  const close = xml.indexOf("/>", at);
  return close >= 0 && !xml.slice(at, close).includes(">")
    ? xml.slice(0, close) + `></${root}>` + xml.slice(close + 2)
    : xml;
}

/** Writes empty <testsuite/>, <testsuites/> and <properties/> as start and end tags, as signing may. */
function expandEmpty(xml: string): string {
  return xml.replace(/<(testsuites?|properties)(\s[^<>]*?)?\/>/g, "<$1$2></$1>");
}

withShared(["fixtures/junit", "fixtures/xmldsig"], "signing with metadata over the JUnit corpus", () => {
  const rsa = key(join(XMLDSIG, "rsa.pem"), join(XMLDSIG, "rsa.crt"));

  describe.each(wellFormedReports().map((f) => [corpusName(f), f]))("%s", (_name, file) => {
    const original = readFileSync(file);

    it("signed without metadata, the output is the input plus the Signature, byte for byte", async () => {
      const { bytes, result } = await sign(original, rsa);
      const text = bytes.toString("latin1");
      expect(text.split(/<ds:Signature[ >]/).length).toBe(2);
      expect(withoutSignature(text)).toBe(opened(original.toString("latin1"), result.summary.root));
    });

    it("with metadata, only <property> elements are added, into the first testsuite, and nothing is overwritten", async () => {
      const before = (await readReport({ source: file, open: () => chunks(original) })).summary.properties;
      const { bytes, result } = await sign(original, rsa, { properties: PROPS });
      let signedText = withoutSignature(bytes.toString("latin1"));
      for (const p of PROPS)
        signedText = signedText.replace(`<property name="${p.name}" value="${p.value}"/>`, "");
      const skeleton = insertion(expandEmpty(original.toString("latin1")), expandEmpty(signedText));
      const onlyMarkup = (r: string) =>
        r
          .replace(/<properties>|<\/properties>|<testsuite name="jux-metadata" tests="0">|<\/testsuite>/g, "")
          .trim() === "";
      expect(someRotation(skeleton, onlyMarkup)).toBe(true);
      const after = asMap((await readReport({ source: file, open: () => chunks(bytes) })).summary.properties);
      const existing = asMap(before);
      for (const p of PROPS) expect(after[p.name]).toBe(existing[p.name] ?? p.value);
      expect(result.added).toEqual(PROPS.filter((p) => !(p.name in existing)).map((p) => p.name));
    });
  });
});
