/**
 * What the action's end-to-end tests share: the Actions service emulation, a real `jux serve`, a signing key
 * pair, and a record of everything the runs produced so that a secret scan can look through all of it.
 */
import { afterAll, beforeAll, expect } from "@jest/globals";
import { createPrivateKey } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { generateKeyPair } from "../../src/core/crypto/certificate.js";
import { startActionsService, type ActionsService, type Faults } from "./actions-service/index.js";
import { canonicalHash } from "./jux.js";
import { runJob, type JobRun, type RunOptions } from "./runner.js";
import { cleanUp, query, request, startServer, tempDir, type Server } from "./serve.js";

export const API_KEY = "jux-e2e-SECRET-apikey-4f1c9a";
export const PASSPHRASE = "jux-e2e-SECRET-passphrase-77";

export interface KeyPair {
  privateKeyPem: string;
  certificatePem: string;
  /** The same key, encrypted with PASSPHRASE. */
  encryptedPem: string;
}

export async function keyPair(): Promise<KeyPair> {
  const pair = await generateKeyPair({ algorithm: { kind: "ecdsa", curve: "P-256" } });
  const encryptedPem = createPrivateKey(pair.privateKeyPem)
    .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: PASSPHRASE })
    .toString();
  return { ...pair, encryptedPem };
}

/** Every byte the runs showed or left behind (logs without the runner-consumed ::add-mask:: lines). */
export const produced: { what: string; text: string }[] = [];

export function record(what: string, text: string | Buffer): void {
  produced.push({ what, text: text.toString("latin1") });
}

/** Runs a job and records its logs, outputs, summary, artifacts and cache entries for the secret scan. */
export async function run(service: ActionsService, o: RunOptions): Promise<JobRun> {
  const before = new Set(service.caches().map((c) => `${c.id}`));
  const artifactsBefore = new Set(service.artifacts().map((a) => a.id));
  const result = await runJob(service, o);
  record("log", result.log.replace(/^::add-mask::.*$/gm, ""));
  record("outputs", JSON.stringify(result.outputs));
  record("summary", result.summary);
  for (const a of service.artifacts().filter((x) => !artifactsBefore.has(x.id)))
    for (const [name, bytes] of await service.artifactFiles(a.id))
      record(`artifact ${a.name}/${name}`, bytes);
  for (const c of service.caches().filter((x) => !before.has(`${x.id}`))) {
    const dir = tempDir("jux-cache-x-");
    for (const file of await service.extractCache(c.key, dir))
      if (statSync(`${dir}/${file}`).isFile())
        record(`cache ${c.key}/${file}`, readFileSync(`${dir}/${file}`));
  }
  return result;
}

/** The canonical hashes of the reports a jux serve holds for a project, one per stored run. */
export async function published(server: Server, project: string): Promise<string[]> {
  const reply = await query(server, `/test_runs?project=${encodeURIComponent(project)}&per_page=100`);
  expect(reply.status).toBe(200);
  const runs = (reply.body as { test_runs: { id: string }[] }).test_runs;
  const hashes: string[] = [];
  for (const r of runs) {
    const xml = await request(`${server.url}/runs/${r.id}/report.xml`);
    expect(xml.status).toBe(200);
    hashes.push(await canonicalHash(xml.bytes));
  }
  return hashes.sort();
}

/** Both steps exited 0; otherwise the failure shows the log. */
export function expectSuccess(r: JobRun): void {
  const codes = { main: r.main.code, post: r.post.code };
  if (codes.main !== 0 || codes.post !== 0) expect({ ...codes, log: r.log }).toEqual({ main: 0, post: 0 });
}

export function hashesOf(r: JobRun): string[] {
  return Object.values(JSON.parse(r.outputs.canonical_hashes ?? "{}") as Record<string, string>).sort();
}

// Live bindings: set by e2e()'s beforeAll, read by the tests of the file that called it.
export let service: ActionsService;
export let server: Server;
export let key: KeyPair;

/** Starts the Actions service emulation, a jux serve (keyed with API_KEY) and a key pair for the file's tests. */
export function e2e(): void {
  beforeAll(async () => {
    [service, server, key] = await Promise.all([
      startActionsService({ azureHostAlias: true }),
      startServer(["--token", API_KEY]),
      keyPair(),
    ]);
  });
  afterAll(async () => {
    await service?.stop();
    await cleanUp();
  });
}

/** Runs fn with the service's faults set, and clears them after. */
export async function withFaults<T>(
  service: ActionsService,
  faults: Faults,
  fn: () => Promise<T>,
): Promise<T> {
  service.setFaults(faults);
  try {
    return await fn();
  } finally {
    service.setFaults({});
  }
}
