import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { spawn, type ChildProcess } from "node:child_process";
import {
  existsSync,
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
import { canonicalHash } from "../helpers/jux.js";

/**
 * The store's code as plain JavaScript, for child processes (the committed bundle does not carry the store's
 * API): every module of src/core transpiled one to one, with node_modules reachable.
 */
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

const WORKER = `
import { ReportStore } from "./core/store/store.js";
import { readReport } from "./core/report/read-report.js";

const [mode, base, from, to] = process.argv.slice(2);
export function report(id) {
  return Buffer.from(\`<testsuites><testsuite name="s\${id}"><testcase classname="c" name="t\${id}"/></testsuite></testsuites>\`);
}
async function hash(xml) {
  return (await readReport({ source: "x", open: async function* () { yield xml; } })).canonicalHash;
}
const store = await ReportStore.open(base);
if (mode === "hold") {
  await store.withLock(async () => {
    process.stdout.write("locked\\n");
    await new Promise(() => setInterval(() => {}, 1000));
  });
} else if (mode === "churn") {
  for (let id = Number(from); id < Number(to); id++) {
    const xml = report(id);
    const h = await hash(xml);
    await store.put("queue", xml, h);
    if (id % 2 === 0 && !(await store.remove("queue", h))) throw new Error("lost " + id);
    // Both workers also store the same shared reports: idempotent under concurrency.
    const shared = report(100000 + (id % 50));
    await store.put("reports", shared, await hash(shared));
  }
  process.stdout.write("done\\n");
}
`;

const dir = mkdtempSync(join(tmpdir(), "jux-store-conc-"));
const code = join(dir, "code");
beforeAll(() => {
  transpileCore(code);
  writeFileSync(join(code, "worker.mjs"), WORKER);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function worker(...args: string[]): {
  child: ChildProcess;
  output: Promise<{ code: number | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, [join(code, "worker.mjs"), ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const output = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.on("close", (c) => done({ code: c, stdout, stderr })),
  );
  return { child, output };
}

function report(id: number): Buffer {
  return Buffer.from(
    `<testsuites><testsuite name="s${id}"><testcase classname="c" name="t${id}"/></testsuite></testsuites>`,
  );
}

describe("ReportStore across processes", () => {
  test("a lock held by a process that was SIGKILLed is taken over", async () => {
    const base = join(dir, "killed");
    const holder = worker("hold", base);
    await new Promise<void>((ready, fail) => {
      holder.child.stdout!.on("data", (d: Buffer) => d.toString().includes("locked") && ready());
      holder.child.on("exit", () => fail(new Error("the holder exited early")));
    });
    const lock = JSON.parse(readFileSync(join(base, ".lock"), "utf8"));
    expect(lock.pid).toBe(holder.child.pid);
    const store = await ReportStore.open(base);
    // While the holder lives, the lock holds.
    await expect(store.withLock(async () => 1, { timeoutMs: 200 })).rejects.toThrow(
      `the store is locked by process ${holder.child.pid}`,
    );
    holder.child.kill("SIGKILL");
    expect((await holder.output).code).toBeNull();
    const xml = report(1);
    const { created } = await store.put("reports", xml, await canonicalHash(xml));
    expect(created).toBe(true);
    expect(existsSync(join(base, ".lock"))).toBe(false);
  });

  test("two processes putting and removing 200 reports each at once: the exact final state, index included", async () => {
    const base = join(dir, "churn");
    await ReportStore.open(base);
    const runs = [worker("churn", base, "0", "200"), worker("churn", base, "200", "400")];
    for (const r of runs) {
      const out = await r.output;
      expect(out.stderr).toBe("");
      expect(out).toMatchObject({ code: 0, stdout: "done\n" });
    }
    const queued: string[] = [];
    for (let id = 1; id < 400; id += 2) queued.push(await canonicalHash(report(id)));
    const shared: string[] = [];
    for (let id = 0; id < 50; id++) shared.push(await canonicalHash(report(100000 + id)));
    const files = (area: string) => readdirSync(join(base, area)).sort();
    expect(files("queue")).toEqual(queued.map((h) => `${h}.xml`).sort());
    expect(files("reports")).toEqual(shared.map((h) => `${h}.xml`).sort());
    expect(readdirSync(base).sort()).toEqual(["index.json", "quarantine", "queue", "rejected", "reports"]);
    const index = JSON.parse(readFileSync(join(base, "index.json"), "utf8"));
    expect(Object.keys(index.areas.queue).sort()).toEqual([...queued].sort());
    expect(Object.keys(index.areas.reports).sort()).toEqual([...shared].sort());
    const store = await ReportStore.open(base);
    expect((await store.list("queue")).length).toBe(200);
  });
});
