import { canonicalHash } from "./jux.js";

/** A small report of its own, distinct by `id`, with Jux metadata, and its canonical hash (the store's tests). */
export async function synthetic(id: number, failures = 0): Promise<{ xml: Buffer; hash: string }> {
  const cases = Array.from({ length: 3 }, (_, i) =>
    i < failures
      ? `<testcase classname="c" name="t${i}" time="0.5"><failure message="boom"/></testcase>`
      : `<testcase classname="c" name="t${i}" time="0.5"/>`,
  ).join("");
  const xml = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="s${id}" tests="3"><properties>` +
      `<property name="project" value="demo"/><property name="git:branch" value="main"/>` +
      `<property name="git:commit" value="abc${id}"/><property name="jux:timestamp" value="2026-01-0${(id % 9) + 1}T10:00:00Z"/>` +
      `</properties>${cases}</testsuite></testsuites>\n`,
  );
  return { xml, hash: await canonicalHash(xml) };
}
