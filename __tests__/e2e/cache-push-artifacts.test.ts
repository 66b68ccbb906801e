/**
 * `jux cache push --from-artifacts` end to end: a pending artifact made by a real action run (the server down,
 * cache saves refused) in the runner emulation, drained by the committed `dist/cli/index.js` with the emulation's
 * token in a variable: every report on a real `jux serve` once, the artifact deleted once it may be (a token
 * without actions: write says so and keeps going), an artifact holding a tampered and an unsigned report refused
 * and kept, and the token never printed.
 */
import { afterAll, beforeAll, expect, jest, test } from "@jest/globals";
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pendingNaming } from "../../src/action/queue/pending-artifact.js";
import {
  API_KEY,
  e2e,
  expectSuccess,
  hashesOf,
  key,
  published,
  run,
  server,
  service,
} from "../helpers/action-env.js";
import { runToolkit } from "../helpers/actions-service/toolkit.js";
import { EXAMPLE_PYTEST, EXAMPLE_SUREFIRE } from "../helpers/fixtures.js";
import { startSwitchable, type Switchable } from "../helpers/outage.js";
import { CLI, NODE24, tempDir } from "../helpers/serve.js";

jest.setTimeout(180_000);

const PYTEST = readFileSync(EXAMPLE_PYTEST);
const SUREFIRE = readFileSync(EXAMPLE_SUREFIRE);

e2e();
let sw: Switchable;
beforeAll(async () => void (sw = await startSwitchable(server.url)));
afterAll(() => sw.close());

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The committed CLI as a user runs it, with the emulation's DNS preload (its blob host) and the given env. */
function jux(args: string[], env: Record<string, string>, nodeArgs: string[]): Promise<Ran> {
  const cwd = tempDir("jux-push-artifacts-cwd-");
  return new Promise((done, fail) => {
    const child = spawn(NODE24, [...nodeArgs, CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: cwd, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

const mark = (xml: Buffer, tag: string) =>
  Buffer.from(xml.toString("utf8").replace(/<testsuite /, `<testsuite id="${tag}" `));

test("a pending artifact drained from outside the action: published once, deleted once the token may; a tampered one refused and kept; the token never printed", async () => {
  const project = "push-artifacts";
  const artifactName = "jux-cli";
  const inputs = {
    report_paths: "reports/*.xml",
    api_url: sw.url,
    api_key: API_KEY,
    signing_key: key.privateKeyPem,
    signing_cert: key.certificatePem,
    project,
    queue_key: "pa1",
    artifact_name: artifactName,
    max_retries: "0",
  };
  const prefix = pendingNaming(artifactName, sw.url, {}).prefix;
  const pending = () => service.artifacts().filter((a) => a.name.startsWith(prefix));
  sw.down();
  let offline;
  try {
    offline = await run(service, {
      job: { runId: 7001, cache: "read-only" },
      inputs,
      files: { "reports/pytest.xml": mark(PYTEST, "x1"), "reports/surefire.xml": mark(SUREFIRE, "x1") },
    });
  } finally {
    sw.up();
  }
  expectSuccess(offline);
  const signed = hashesOf(offline);
  expect(signed).toHaveLength(2);
  const [genuine, ...none] = pending();
  expect(none).toEqual([]);

  // Someone uploads an artifact with the prefix: a tampered copy of a genuine report, and an unsigned one.
  const held = await service.artifactFiles(genuine!.id);
  const [hashFile, xml] = [...held].find(([f]) => f.endsWith(".xml"))!;
  const dir = tempDir("jux-evil-");
  const files = join(dir, "files");
  mkdirSync(files);
  writeFileSync(join(files, hashFile), xml.toString("utf8").replace('id="x1"', 'id="x9"'));
  writeFileSync(join(files, `${"0".repeat(64)}.xml`), PYTEST);
  const evilName = `${prefix}evil-attempt1`;
  const up = await runToolkit(
    { job: service.job({ runId: 7002, job: "evil" }), runnerTemp: dir, workspace: dir },
    {
      op: "upload",
      name: evilName,
      files: [join(files, hashFile), join(files, `${"0".repeat(64)}.xml`)],
      root: files,
    },
  );
  expect(up.ok).toBe(true);

  const certFile = join(tempDir("jux-cert-"), "cert.pem");
  writeFileSync(certFile, key.certificatePem);
  const storage = tempDir("jux-push-store-");
  const push = (restApi: "read" | "read-write") => {
    const job = service.job({ runId: 7003, restApi });
    const env = {
      GITHUB_API_URL: job.env.GITHUB_API_URL!,
      CI_GH_TOKEN: job.githubToken,
      JUX_API_KEY: API_KEY,
    };
    const args = [
      "cache",
      "push",
      "--from-artifacts",
      "--repo",
      "octo/jux-demo",
      "--artifact-name",
      artifactName,
    ];
    args.push(
      "--token-env",
      "CI_GH_TOKEN",
      "--cert",
      certFile,
      "--storage-path",
      storage,
      "--api-url",
      sw.url,
    );
    return { token: job.githubToken, ran: jux(args, env, job.nodeArgs) };
  };

  // A token without actions: write: everything genuine is published, the artifact stays with the reason.
  const first = push("read");
  const r1 = await first.ran;
  expect(await published(server, project)).toEqual(signed);
  expect(r1.stderr).toMatch(new RegExp(`refused ${evilName}/${hashFile}: its signature does not verify`));
  expect(r1.stderr).toMatch(new RegExp(`refused ${evilName}/0{64}\\.xml: its signature does not verify`));
  expect(r1.stderr).toContain(
    `pending artifact ${genuine!.name} could not be deleted (HTTP 403): the token needs actions: write`,
  );
  expect(r1.stderr).toContain(`pending artifact ${evilName} is kept: 2 file(s) refused`);
  expect(r1.code).toBe(2);
  expect(
    pending()
      .map((a) => a.name)
      .sort(),
  ).toEqual([genuine!.name, evilName].sort());

  // With actions: write: the genuine artifact's reports are duplicates now (published once), and it goes.
  const second = push("read-write");
  const r2 = await second.ran;
  expect(await published(server, project)).toEqual(signed);
  expect(r2.stdout).toContain(`deleted pending artifact ${genuine!.name} (2 report(s))`);
  expect(pending().map((a) => a.name)).toEqual([evilName]);
  // Duplicates count as acknowledged; the refused artifact makes it partial.
  expect(r2.code).toBe(2);

  for (const [{ token }, r] of [
    [first, r1],
    [second, r2],
  ] as const) {
    expect(r.stdout + r.stderr).not.toContain(token);
    expect(r.stdout + r.stderr).not.toContain(API_KEY);
  }
});
