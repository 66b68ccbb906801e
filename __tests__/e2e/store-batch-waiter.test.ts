/**
 * store.batch lets another process that waits for the lock go first between two of its holds: taking the lock
 * back at once (a few ms after releasing it) left a waiter, who tries again every 300 ms at most, waiting hold
 * after hold until its time ran out. Two real processes: a batch in a child, the waiter here.
 */
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { spawn } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { ReportStore } from "../../src/core/store/store.js";

/** src/core as plain JavaScript for the child (the bundle does not carry the store's API), as store-concurrency does. */
function transpileCore(into: string): void {
  const root = resolve("src/core");
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith(".ts") ? [join(d, e.name)] : [],
    );
  for (const file of walk(root)) {
    const out = join(into, "core", relative(root, file)).replace(/\.ts$/, ".js");
    mkdirSync(dirname(out), { recursive: true });
    const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(out, outputText);
  }
  writeFileSync(join(into, "package.json"), '{"type":"module"}');
  symlinkSync(resolve("node_modules"), join(into, "node_modules"));
}

/** A batch of `count` items of 50 ms each (a report queued, then a pause), under holds of 1 s. */
const WORKER = `
import { ReportStore } from "./core/store/store.js";
import { readReport } from "./core/report/read-report.js";
const [base, count] = process.argv.slice(2);
const store = await ReportStore.open(base);
const items = Array.from({ length: Number(count) }, (_, i) => i);
await store.batch(items, async (i) => {
  const xml = Buffer.from(\`<testsuites><testsuite name="s\${i}"><testcase classname="c" name="t\${i}"/></testsuite></testsuites>\`);
  const r = await readReport({ source: "x", open: async function* () { yield xml; } });
  await store.queueReport(xml, r.canonicalHash);
  if (i === 0) process.stdout.write("holding\\n");
  await new Promise((done) => setTimeout(done, 50));
}, { holdMs: 1000 });
process.stdout.write("done\\n");
`;

const dir = mkdtempSync(join(tmpdir(), "jux-store-waiter-"));
const code = join(dir, "code");
beforeAll(() => {
  transpileCore(code);
  writeFileSync(join(code, "worker.mjs"), WORKER);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a process waiting for the lock during another's long batch gets it between two holds, well within its wait", async () => {
  const base = join(dir, "store");
  const store = await ReportStore.open(base);
  const child = spawn(process.execPath, [join(code, "worker.mjs"), base, "160"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const holding = new Promise<void>((done) =>
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes("holding")) done();
    }),
  );
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((done) => child.on("close", done));
  await holding;
  // The batch runs for 8 s or more in holds of 1 s; this process waits at most 5 s.
  const started = Date.now();
  const batchDoneBefore = await store.withLock(async () => stdout.includes("done"), { timeoutMs: 5000 });
  const waited = Date.now() - started;
  expect(batchDoneBefore).toBe(false);
  expect(waited).toBeLessThan(4000);
  expect(await exited).toBe(0);
  expect(stderr).toBe("");
  expect(readdirSync(join(base, "queue")).filter((n) => n.endsWith(".xml"))).toHaveLength(160);
}, 60_000);
