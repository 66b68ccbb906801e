/**
 * The action end to end, as the runner runs it: the committed dist/main and dist/post bundles as separate
 * Node 24 processes against the Actions service emulation (real @actions/cache and @actions/artifact, Azurite)
 * and a real `jux serve`.
 */
import { afterAll, beforeAll, expect, jest, test } from "@jest/globals";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { generateKeyPair } from "../src/core/certificate.js";
import { startActionsService, type ActionsService } from "./helpers/actions-service/index.js";
import { JUNIT } from "./helpers/fixtures.js";
import { runJob, type JobRun } from "./helpers/runner.js";
import { canonicalHash } from "./helpers/jux.js";
import { cleanUp, query, request, startServer, type Server } from "./helpers/serve.js";

jest.setTimeout(180_000);

const API_KEY = "jux-e2e-SECRET-apikey-4f1c9a";
const PYTEST = readFileSync(join(JUNIT, "mikepenz-action-junit-report", "pytest-report.xml"));
const SUREFIRE = readFileSync(join(JUNIT, "apache-maven-surefire", readdir("apache-maven-surefire")[0]!));

function readdir(dir: string): string[] {
  return readdirSync(join(JUNIT, dir))
    .filter((f) => f.endsWith(".xml"))
    .sort();
}

let service: ActionsService;
let server: Server;
let key: { privateKeyPem: string; certificatePem: string };
let runId = 100;

beforeAll(async () => {
  [service, server, key] = await Promise.all([
    startActionsService({ azureHostAlias: true }),
    startServer(["--token", API_KEY]),
    generateKeyPair({ algorithm: { kind: "ecdsa", curve: "P-256" } }),
  ]);
});

afterAll(async () => {
  await service?.stop();
  await cleanUp();
});

/** The canonical hashes of the reports jux serve holds for a project, one entry per stored run. */
async function published(project: string): Promise<string[]> {
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

let projects = 0;
function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    report_paths: "reports/**/*.xml",
    api_url: `${server.url}/api/v1`,
    api_key: API_KEY,
    signing_key: key.privateKeyPem,
    signing_cert: key.certificatePem,
    project: `e2e-${++projects}`,
    ...extra,
  };
}

const reports = { "reports/pytest.xml": PYTEST, "reports/java/surefire.xml": SUREFIRE };

function expectClean(run: JobRun): void {
  expect({
    main: run.main.code,
    post: run.post.code,
    log: run.main.code || run.post.code ? run.log : "",
  }).toEqual({
    main: 0,
    post: 0,
    log: "",
  });
}

test("cache mode, server up: signs, keeps an artifact, publishes both reports, queue ends empty", async () => {
  const run = await runJob(service, { job: { runId: ++runId }, inputs: inputs(), files: reports });
  expectClean(run);
  expect(run.outputs.reports).toBe("2");
  expect(run.outputs.signed).toBe("2");
  const hashes = JSON.parse(run.outputs.canonical_hashes!) as Record<string, string>;
  expect(Object.keys(hashes).sort()).toEqual(["reports/java/surefire.xml", "reports/pytest.xml"]);
  expect(await published(`e2e-${projects}`)).toEqual(Object.values(hashes).sort());
  console.log(run.summary, run.log.slice(0, 6000));
});
