/**
 * ../shared (the real-world JUnit corpus, the XMLDSig fixtures and signature vectors, the upstream OpenAPI
 * contract) sits beside the repository where .ci/run runs the tests; a plain GitHub checkout has none. What
 * needs it is declared here: without ../shared it is skipped, with one line on stderr naming what and why.
 */
import { expect, test } from "@jest/globals";
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";

/** The folder beside the repository (tests run from the repository root). */
export const SHARED_DIR = resolve(process.cwd(), "../shared");
export const SHARED_PRESENT = existsSync(SHARED_DIR);

/** The parts of ../shared a test may need. */
export type SharedPart = "fixtures/junit" | "fixtures/xmldsig" | "contracts/jux-openapi";

/** The line printed for a group skipped for lack of ../shared. */
export function skipLine(what: string, needs: SharedPart[]): string {
  const paths = needs.map((part) => `../shared/${part}`).join(" and ");
  return `skipped: ${what} (needs ${paths}: this checkout has no ../shared beside it; .ci/run runs it)`;
}

/** Prints the line for `what`, skipped for lack of ../shared, naming the test file it is skipped in. */
export function noteSkipped(what: string, needs: SharedPart[]): void {
  const path = expect.getState().testPath;
  const where = path ? `${relative(process.cwd(), path)}: ` : "";
  process.stderr.write(`${where}${skipLine(what, needs)}\n`);
}

function skipped(what: string, needs: SharedPart[]): void {
  noteSkipped(what, needs);
  test.skip(skipLine(what, needs), () => undefined);
}

/**
 * Declares the tests `declare` makes, as they are, when ../shared is there; otherwise declares one skipped
 * test named by `what` and prints its line. Nothing in `declare` runs without ../shared, so it may read there.
 */
export function withShared(needs: SharedPart | SharedPart[], what: string, declare: () => void): void {
  const parts = Array.isArray(needs) ? needs : [needs];
  if (SHARED_PRESENT) declare();
  else skipped(what, parts);
}

/**
 * As `withShared`, for tests that need one file inside a part of ../shared (a copy of ../shared may lack a file
 * its MANIFEST.md lists): without the file, one skipped test named by `what` and its line, naming the file.
 */
export function withSharedFile(part: SharedPart, file: string, what: string, declare: () => void): void {
  withShared(part, what, () => {
    if (existsSync(resolve(SHARED_DIR, part, file))) return declare();
    const line = `skipped: ${what} (needs ../shared/${part}/${file}: the ../shared beside this checkout has no such file)`;
    const path = expect.getState().testPath;
    process.stderr.write(`${path ? `${relative(process.cwd(), path)}: ` : ""}${line}\n`);
    test.skip(line, () => undefined);
  });
}
