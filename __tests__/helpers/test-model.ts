/** The per-test model of a document (core/junit/tests.ts), read whole or in chunks of a given size. */
import { TestCollector, type TestOptions, type TestRun } from "../../src/core/junit/tests.js";
import { readXml, readXmlSync } from "../../src/core/xml/reader.js";

export function modelOf(xml: string | Buffer, options?: TestOptions): TestRun {
  const collector = new TestCollector("t.xml", options);
  readXmlSync(xml, collector, { source: "t.xml" });
  return collector.run();
}

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield Buffer.from(bytes.subarray(at, at + size));
}

/** The model of `bytes` fed to the streaming reader `size` bytes at a time. */
export async function modelInChunks(bytes: Buffer, size: number): Promise<TestRun> {
  const collector = new TestCollector("t.xml");
  await readXml(chunks(bytes, size), collector, { source: "t.xml" });
  return collector.run();
}
