import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { SHARED_DIR } from "./shared.js";

/** The shared fixture tree (../shared/fixtures; what needs it is declared with withShared, helpers/shared.ts). */
export const SHARED = join(SHARED_DIR, "fixtures");
export const JUNIT = join(SHARED, "junit");
export const XMLDSIG = join(SHARED, "xmldsig");

/** The project's own example reports (they are in every checkout, ../shared or not). */
export const EXAMPLES = resolve(process.cwd(), "examples/reports");
export const EXAMPLE_PYTEST = join(EXAMPLES, "pytest-junit.xml");
export const EXAMPLE_SUREFIRE = join(EXAMPLES, "TEST-com.example.CartTest.xml");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** Every JUnit report of the corpus that is well-formed (all but malformed/, non-junit/ and the schemas). */
export function wellFormedReports(): string[] {
  const excluded = ["malformed", "non-junit", "schemas", "hostile"];
  return walk(JUNIT)
    .filter((f) => f.endsWith(".xml") && !excluded.includes(relative(JUNIT, f).split("/")[0]!))
    .sort();
}

export function corpusName(file: string): string {
  return relative(JUNIT, file);
}
