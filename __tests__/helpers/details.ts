/** One read of a document feeding the Summarizer and the DetailsCollector, for the details tests. */
import { expect } from "@jest/globals";
import { DetailsCollector, type SuiteDetail } from "../../src/core/junit/details.js";
import { Summarizer } from "../../src/core/junit/summary.js";
import { readXmlSync, type XmlHandler } from "../../src/core/xml/reader.js";

/** Sends every event to each handler in turn: one read feeds the Summarizer and the collector. */
export function fanOut(...handlers: XmlHandler[]): XmlHandler {
  return {
    startElement: (tag) => handlers.forEach((h) => h.startElement(tag)),
    endElement: (tag) => handlers.forEach((h) => h.endElement(tag)),
    text: (raw, cdata) => handlers.forEach((h) => h.text(raw, cdata)),
  };
}

export function collect(xml: string | Buffer, options?: ConstructorParameters<typeof DetailsCollector>[0]) {
  const collector = new DetailsCollector(options);
  const summarizer = new Summarizer("t.xml");
  readXmlSync(xml, fanOut(summarizer, collector), { source: "t.xml" });
  return { collector, suites: collector.suites(), summary: summarizer.summary() };
}

/** The one suite of `suites` (fails the test when there are more or none). */
export function only(suites: SuiteDetail[]): SuiteDetail {
  expect(suites).toHaveLength(1);
  return suites[0]!;
}
