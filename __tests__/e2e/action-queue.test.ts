/**
 * The action's offline queue end to end: the committed bundles as the runner runs them, the queue in the
 * Actions cache of the service emulation (real @actions/cache over Azurite), a real `jux serve`.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from "@jest/globals";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { queuePrefix } from "../../src/action/queue/keys.js";
import { loadSigningKey } from "../../src/core/crypto/keys.js";
import {
  API_KEY,
  e2e,
  key,
  server,
  service,
  expectSuccess,
  hashesOf,
  produced,
  published,
  run,
  withFaults,
} from "../helpers/action-env.js";
import { EXAMPLE_PYTEST, EXAMPLE_SUREFIRE } from "../helpers/fixtures.js";
import { canonicalHash, sign } from "../helpers/jux.js";
import { startSwitchable, type Switchable } from "../helpers/outage.js";
import { startServer, tempDir, type Server } from "../helpers/serve.js";
import { generateKeyPair } from "../../src/core/crypto/certificate.js";

jest.setTimeout(300_000);

/** Two different reports (the project's examples: any report does). */
const PYTEST = readFileSync(EXAMPLE_PYTEST);
const GOTESTSUM = readFileSync(EXAMPLE_SUREFIRE);
const STAGING = ".jux-action-queue";

e2e();
let runId = 5000;
let n = 0;
/** The Jux server's address in these tests: the same address up or down, as the queue is kept per server. */
let sw: Switchable;
beforeAll(async () => void (sw = await startSwitchable(server.url)));
afterAll(() => sw.close());

/** Runs fn with the server unreachable. */
async function down<T>(fn: () => Promise<T>): Promise<T> {
  sw.down();
  try {
    return await fn();
  } finally {
    sw.up();
  }
}

/** Runs fn with the switch in front of another server. */
async function via<T>(target: Server, fn: () => Promise<T>): Promise<T> {
  sw.target(target.url);
  try {
    return await fn();
  } finally {
    sw.target(server.url);
  }
}

/** Inputs of one scenario: its own project and queue key, so scenarios never see each other's queue. */
function scenario() {
  const id = ++n;
  const project = `queue-${id}`;
  const queueKey = `q${id}`;
  const inputs = (extra: Record<string, string> = {}) => ({
    report_paths: "reports/*.xml",
    api_url: sw.url,
    api_key: API_KEY,
    signing_key: key.privateKeyPem,
    signing_cert: key.certificatePem,
    project,
    queue_key: queueKey,
    max_retries: "0",
    ...extra,
  });
  const prefix = () => queuePrefix(queueKey, sw.url, { GITHUB_REPOSITORY: "octo/jux-demo" });
  const entries = () => service.caches().filter((c) => c.key.startsWith(prefix()));
  return { project, queueKey, inputs, entries, prefix };
}

function reports(tag: string): Record<string, Buffer> {
  // Distinct reports per run: the same fixture with a property of its own changes the canonical hash.
  const mark = (xml: Buffer) =>
    Buffer.from(xml.toString("utf8").replace(/<testsuite /, `<testsuite id="${tag}" `));
  return { "reports/pytest.xml": mark(PYTEST), "reports/go.xml": mark(GOTESTSUM) };
}

test("server down in run 1, up in run 2: run 2 publishes both runs' reports exactly once and the queue ends empty", async () => {
  const s = scenario();
  const offline = await down(() =>
    run(service, {
      job: { runId: ++runId },
      inputs: s.inputs(),
      files: reports("r1"),
    }),
  );
  expectSuccess(offline);
  expect(offline.summary).toContain("Offline queue: **2 report(s) waiting**");
  expect(offline.annotations.filter((a) => a.level === "warning").length).toBeGreaterThanOrEqual(2);
  expect(s.entries()).toHaveLength(1);
  expect(await published(server, s.project)).toEqual([]);

  const online = await run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: reports("r2") });
  expectSuccess(online);
  expect(await published(server, s.project)).toEqual([...hashesOf(offline), ...hashesOf(online)].sort());
  expect(s.entries()).toEqual([]);
  // Earlier runs' reports keep the names their files had.
  expect(online.summary).toContain("| reports/pytest.xml (earlier run) |");
  expect(online.summary).toContain("| reports/go.xml (earlier run) |");
  expect(online.summary).toContain("Offline queue: empty.");
  // A third run finds nothing left to publish twice.
  const third = await run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: {} });
  expectSuccess(third);
  expect(await published(server, s.project)).toHaveLength(4);
});

test("three matrix legs offline at once, then one online run: every report of all three published; artifact names never clash", async () => {
  const s = scenario();
  const matrixRun = ++runId;
  const legs = await Promise.all(
    ["a", "b", "c"].map((leg) =>
      down(() =>
        run(service, {
          job: { runId: matrixRun, job: "test", leg },
          inputs: s.inputs(),
          files: reports(leg),
        }),
      ),
    ),
  );
  for (const leg of legs) expectSuccess(leg);
  // Each leg's post step may already drain the entries the others saved: no count of entries is promised here.
  const names = service
    .artifacts(matrixRun)
    .map((a) => a.name)
    .sort();
  expect(names).toEqual([
    "jux-reports-test-attempt1",
    "jux-reports-test-attempt1-2",
    "jux-reports-test-attempt1-3",
  ]);
  // A re-run (attempt 2) of the same run gets names of its own.
  const rerun = await run(service, {
    job: { runId: matrixRun, job: "test", attempt: 2 },
    inputs: s.inputs(),
    files: reports("d"),
  });
  expectSuccess(rerun);
  expect(service.artifacts(matrixRun).map((a) => a.name)).toContain("jux-reports-test-attempt2");
  const all = [...legs.flatMap(hashesOf), ...hashesOf(rerun)].sort();
  expect(all).toHaveLength(8);
  expect(await published(server, s.project)).toEqual(all);
  expect(s.entries()).toEqual([]);
});

test("a report the server refuses (422): in the rejected artifact with the reason, out of the queue, earlier reports still published", async () => {
  const s = scenario();
  const other = await generateKeyPair({ algorithm: { kind: "ecdsa", curve: "P-256" } });
  const certFile = join(tempDir("jux-trust-"), "trusted.pem");
  writeFileSync(certFile, key.certificatePem);
  const strict = await startServer(["--token", API_KEY, "--trust", certFile]);
  // Run 1 (trusted key) is offline; run 2 signs with a key the server does not trust.
  const offline = await down(() =>
    run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: reports("ok") }),
  );
  expectSuccess(offline);
  const refused = await via(strict, () =>
    run(service, {
      job: { runId: ++runId },
      inputs: s.inputs({ signing_key: other.privateKeyPem, signing_cert: "" }),
      files: reports("bad"),
    }),
  );
  expect(refused.main.code).toBe(0);
  expect(refused.post.code).toBe(1);
  expect(await published(strict, s.project)).toEqual(hashesOf(offline));
  const rejected = service.artifacts(runId).find((a) => a.name.includes("-rejected"));
  expect(rejected?.name).toBe("jux-reports-rejected-build-attempt1");
  const files = await service.artifactFiles(rejected!.id);
  for (const hash of hashesOf(refused)) {
    expect(files.has(`${hash}.xml`)).toBe(true);
    const reason = JSON.parse(files.get(`${hash}.reason.json`)!.toString()) as {
      status: number;
      error: string;
    };
    expect(reason).toMatchObject({ kind: "rejected", status: 422, error: "Invalid signature" });
  }
  expect(s.entries()).toEqual([]);
  expect(refused.summary).toMatch(
    /❌ \| reports\/go\.xml .*rejected by the server \(422\): Invalid signature/,
  );
  expect(refused.annotations.filter((a) => a.level === "error").some((a) => a.message.includes("422"))).toBe(
    true,
  );
  await strict.stop();
});

describe("restored entries are checked before they are trusted", () => {
  test("a changed report and one signed by another key are quarantined, never published; the good one is", async () => {
    const s = scenario();
    const mine = loadSigningKey({ key: key.privateKeyPem, source: "k", certificate: key.certificatePem });
    const other = await generateKeyPair({ algorithm: { kind: "ecdsa", curve: "P-256" } });
    const stranger = loadSigningKey({ key: other.privateKeyPem, source: "o" });
    const props = [{ name: "project", value: s.project }];
    const good = (await sign(PYTEST, mine, { properties: props })).bytes;
    const forged = (await sign(GOTESTSUM, stranger, { properties: props })).bytes;
    const changed = Buffer.from(
      (await sign(GOTESTSUM, mine, { properties: props })).bytes
        .toString("utf8")
        .replace(/ time="[^"]*"/, ' time="0.001"'),
    );
    // A valid report under another name: its signature verifies, its hash is not its name.
    const misnamed = (await sign(GOTESTSUM, mine, { properties: [...props, { name: "x", value: "1" }] }))
      .bytes;
    const wrongName = "0".repeat(64);
    const files = {
      [`${STAGING}/${await canonicalHash(good)}.xml`]: good,
      [`${STAGING}/${await canonicalHash(forged)}.xml`]: forged,
      [`${STAGING}/${await canonicalHash(changed)}.xml`]: changed,
      [`${STAGING}/${wrongName}.xml`]: misnamed,
    };
    await service.putCache(`${s.prefix()}1-1-build-deadbeef`, "refs/heads/main", files, [STAGING]);

    const r = await run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: {} });
    expect(r.post.code).toBe(0);
    expect(await published(server, s.project)).toEqual([await canonicalHash(good)]);
    const quarantine = service.artifacts(runId).find((a) => a.name.includes("-quarantine"));
    expect(quarantine).toBeDefined();
    const kept = [...(await service.artifactFiles(quarantine!.id)).keys()].join("\n");
    for (const name of [wrongName, await canonicalHash(forged), await canonicalHash(changed)])
      expect(kept).toContain(`${name}.xml`);
    expect(r.summary).toMatch(
      /quarantined, not published: its canonical hash is sha256:[0-9a-f]{64}, not the sha256:0{64}/,
    );
    expect(r.summary).toMatch(/its signature does not verify: the signature was not made by a trusted key/);
    expect(r.summary).toMatch(/its signature does not verify: the report was modified after it was signed/);
    expect(s.entries()).toEqual([]);
  });
});

describe("the cache refusing or failing is a warning with its consequence, never a crash", () => {
  test("write denied (untrusted event): the reports wait in a pending artifact (the queue outside the cache) that the summary names", async () => {
    const s = scenario();
    // An artifact name of its own: pending artifacts are per artifact_name and server, not per queue_key.
    const r = await down(() =>
      run(service, {
        job: { runId: ++runId, cache: "read-only" },
        inputs: s.inputs({ artifact_name: "jux-wd" }),
        files: reports("wd"),
      }),
    );
    expectSuccess(r);
    expect(s.entries()).toEqual([]);
    expect(r.summary).toContain("could not be saved");
    expect(r.summary).toMatch(/queued in an artifact instead, jux-wd-pending-[0-9a-f]{8}-build-attempt1/);
    expect(r.outputs.artifact_id).not.toBe("");
  });

  test("read denied: earlier entries are not collected (and not lost); this run's reports are published", async () => {
    const s = scenario();
    await down(() =>
      run(service, {
        job: { runId: ++runId },
        inputs: s.inputs(),
        files: reports("rd1"),
      }),
    );
    expect(s.entries()).toHaveLength(1);
    const r = await run(service, {
      job: { runId: ++runId, cache: "none" },
      inputs: s.inputs(),
      files: reports("rd2"),
    });
    expectSuccess(r);
    expect(await published(server, s.project)).toEqual(hashesOf(r));
    expect(s.entries()).toHaveLength(1);
  });

  test("reservation conflict: a warning, the post step still succeeds", async () => {
    const s = scenario();
    const r = await withFaults(service, { reserveConflict: true }, () =>
      down(() =>
        run(service, {
          job: { runId: ++runId },
          inputs: s.inputs({ artifact_name: "jux-rc" }),
          files: reports("rc"),
        }),
      ),
    );
    expectSuccess(r);
    expect(r.log).toMatch(/::warning::.*already exists/);
    expect(r.summary).toMatch(/could not be saved .*queued in an artifact instead, jux-rc-pending-/);
  });

  test("artifact name taken in every form (injected conflict): a warning in cache mode, the queue still holds the reports", async () => {
    const s = scenario();
    const r = await withFaults(service, { artifactNameConflict: true }, () =>
      down(() => run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: reports("an") })),
    );
    expectSuccess(r);
    expect(r.log).toMatch(/::warning::the signed reports could not be kept as a workflow artifact: names /);
    expect(s.entries()).toHaveLength(1);
  });
});

describe("without the REST permissions", () => {
  test("no actions: read: only the newest entry is collected, and the log says so once", async () => {
    const s = scenario();
    // Two entries as two earlier runs left them (one run after the other would have drained the first).
    const mine = loadSigningKey({ key: key.privateKeyPem, source: "k", certificate: key.certificatePem });
    const props = [{ name: "project", value: s.project }];
    const older = (await sign(PYTEST, mine, { properties: props })).bytes;
    const newer = (await sign(GOTESTSUM, mine, { properties: props })).bytes;
    for (const [suffix, xml] of [
      ["older", older],
      ["newer", newer],
    ] as const)
      await service.putCache(
        `${s.prefix()}1-1-${suffix}`,
        "refs/heads/main",
        { [`${STAGING}/${await canonicalHash(xml)}.xml`]: xml },
        [STAGING],
      );
    const r = await run(service, { job: { runId: ++runId, restApi: "none" }, inputs: s.inputs(), files: {} });
    expectSuccess(r);
    expect(await published(server, s.project)).toEqual([await canonicalHash(newer)]);
    expect(r.log.match(/only the newest queue entry is collected/g)).toHaveLength(1);
    // Without actions: write nothing is deleted: the older entry waits for a run that can list it.
    expect(s.entries().map((e) => e.key.split("-").pop())).toEqual(["older", "newer"]);
  });

  test("actions: read but not write: drained entries cannot be deleted; the note says it is harmless", async () => {
    const s = scenario();
    await down(() =>
      run(service, {
        job: { runId: ++runId },
        inputs: s.inputs(),
        files: reports("rw1"),
      }),
    );
    const r = await run(service, {
      job: { runId: ++runId, restApi: "read" },
      inputs: s.inputs(),
      files: reports("rw2"),
    });
    expectSuccess(r);
    expect(await published(server, s.project)).toHaveLength(4);
    expect(r.summary).toContain("1 drained queue entry could not be deleted");
    expect(r.summary).toContain("Harmless: later runs check them again");
    // The undeletable entry stays, with a small marker entry that supersedes it...
    expect(s.entries()).toHaveLength(2);
    // ...so the next run neither restores nor re-sends it.
    const next = await run(service, {
      job: { runId: ++runId, restApi: "read" },
      inputs: s.inputs(),
      files: {},
    });
    expectSuccess(next);
    expect(next.summary).not.toContain("(earlier run)");
    expect(await published(server, s.project)).toHaveLength(4);
    // ...and adds no marker of its own: the existing one still covers what could not be deleted.
    expect(s.entries()).toHaveLength(2);
  });
});

describe("hostile entries, other refs, bad keys", () => {
  test("links and directories in an entry are set aside by name: nothing they point at is read or uploaded", async () => {
    const s = scenario();
    const mine = loadSigningKey({ key: key.privateKeyPem, source: "k", certificate: key.certificatePem });
    const good = (await sign(PYTEST, mine, { properties: [{ name: "project", value: s.project }] })).bytes;
    const secretFile = join(tempDir("jux-secret-"), "secret.txt");
    writeFileSync(secretFile, "TOP-SECRET-CONTENT");
    await service.putCache(
      `${s.prefix()}1-1-build-hostile`,
      "refs/heads/main",
      {
        [`${STAGING}/${await canonicalHash(good)}.xml`]: good,
        [`${STAGING}/environ.xml`]: { symlink: "/proc/self/environ" },
        [`${STAGING}/${"a".repeat(64)}.xml`]: { symlink: secretFile },
        [`${STAGING}/nested/inner.xml`]: good,
      },
      [STAGING],
    );
    const r = await run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: {} });
    expectSuccess(r);
    expect(await published(server, s.project)).toEqual([await canonicalHash(good)]);
    for (const name of ["environ.xml", `${"a".repeat(64)}.xml`, "nested"])
      expect(r.summary).toContain(`${name} |  |  |  |  |  | quarantined, not published: not a regular file`);
    for (const a of service.artifacts(runId))
      for (const [, bytes] of await service.artifactFiles(a.id)) {
        expect(bytes.toString("latin1")).not.toContain("TOP-SECRET-CONTENT");
        expect(bytes.toString("latin1")).not.toContain("INPUT_API_KEY");
      }
  });

  test("an entry of another ref keeps what is still unpublished: a feature branch offline does not take main's reports away", async () => {
    const s = scenario();
    const mine = loadSigningKey({ key: key.privateKeyPem, source: "k", certificate: key.certificatePem });
    const waiting = (await sign(GOTESTSUM, mine, { properties: [{ name: "project", value: s.project }] }))
      .bytes;
    const mainKey = `${s.prefix()}1-1-build-onmain`;
    await service.putCache(
      mainKey,
      "refs/heads/main",
      { [`${STAGING}/${await canonicalHash(waiting)}.xml`]: waiting },
      [STAGING],
    );
    const feature = await down(() =>
      run(service, {
        job: { runId: ++runId, ref: "refs/heads/feature" },
        inputs: s.inputs(),
        files: reports("feat"),
      }),
    );
    expectSuccess(feature);
    expect(s.entries().map((e) => [e.key === mainKey ? "main entry" : "new", e.ref])).toEqual([
      ["main entry", "refs/heads/main"],
      ["new", "refs/heads/feature"],
    ]);
    const online = await run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: {} });
    expectSuccess(online);
    expect(await published(server, s.project)).toEqual([await canonicalHash(waiting)]);
  });

  test("a wrong API key (403) keeps the queue: the run fails loudly, and the next run with the right key publishes everything", async () => {
    const s = scenario();
    const offline = await down(() =>
      run(service, {
        job: { runId: ++runId },
        inputs: s.inputs(),
        files: reports("k1"),
      }),
    );
    expectSuccess(offline);
    const wrong = await run(service, {
      job: { runId: ++runId },
      inputs: s.inputs({ api_key: "jux-e2e-wrong-key" }),
      files: reports("k2"),
    });
    expect(wrong.post.code).toBe(1);
    expect(wrong.summary).toContain("rejected by the server (403)");
    expect(wrong.summary).toContain("kept in the queue until api_key / api_url are fixed");
    expect(service.artifacts(runId).some((a) => a.name.includes("-rejected"))).toBe(false);
    expect(await published(server, s.project)).toEqual([]);
    const fixed = await run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: {} });
    expectSuccess(fixed);
    expect(await published(server, s.project)).toEqual([...hashesOf(offline), ...hashesOf(wrong)].sort());
    expect(s.entries()).toEqual([]);
  });

  test("the key files may be gone by the post step: post does not need them", async () => {
    const s = scenario();
    const r = await run(service, {
      job: { runId: ++runId },
      inputs: s.inputs({ signing_key: "keys/key.pem", signing_cert: "keys/key.crt" }),
      files: { ...reports("gone"), "keys/key.pem": key.privateKeyPem, "keys/key.crt": key.certificatePem },
      between: ({ workspace }) => rmSync(join(workspace, "keys"), { recursive: true }),
    });
    expectSuccess(r);
    expect(await published(server, s.project)).toEqual(hashesOf(r));
  });

  test("artifact and queue both refused: the job fails saying the reports are lost, instead of claiming they are kept", async () => {
    const s = scenario();
    const r = await withFaults(service, { artifactNameConflict: true }, () =>
      down(() =>
        run(service, {
          job: { runId: ++runId, cache: "read-only" },
          inputs: s.inputs(),
          files: reports("lost"),
        }),
      ),
    );
    expect(r.main.code).toBe(0);
    expect(r.post.code).toBe(1);
    expect(r.log).toContain("could be kept neither as an artifact nor in the offline queue");
    expect(r.summary).toContain("They are in no artifact either");
    expect(r.summary).not.toContain("the next run publishes them first");
  });
});

test("entries of refs this run cannot see (a sibling branch) are left alone, using the event's default branch", async () => {
  const s = scenario();
  const mine = loadSigningKey({ key: key.privateKeyPem, source: "k", certificate: key.certificatePem });
  const props = [{ name: "project", value: s.project }];
  const onMain = (await sign(PYTEST, mine, { properties: props })).bytes;
  const onSibling = (await sign(GOTESTSUM, mine, { properties: props })).bytes;
  const put = async (suffix: string, ref: string, xml: Buffer) =>
    service.putCache(
      `${s.prefix()}1-1-${suffix}`,
      ref,
      { [`${STAGING}/${await canonicalHash(xml)}.xml`]: xml },
      [STAGING],
    );
  await put("main", "refs/heads/main", onMain);
  await put("sibling", "refs/heads/sibling", onSibling);
  const event = join(tempDir("jux-event-"), "event.json");
  writeFileSync(event, JSON.stringify({ repository: { default_branch: "main" } }));
  const r = await run(service, {
    job: { runId: ++runId, ref: "refs/heads/feature" },
    inputs: s.inputs(),
    files: {},
    env: { GITHUB_EVENT_PATH: event },
  });
  expectSuccess(r);
  expect(await published(server, s.project)).toEqual([await canonicalHash(onMain)]);
  expect(r.log).not.toContain("could not be restored");
  expect(s.entries().map((e) => e.ref)).toEqual(["refs/heads/sibling"]);
});

test("a refused earlier report whose rejected artifact cannot be uploaded keeps its entry until a run can keep it", async () => {
  const s = scenario();
  const other = await generateKeyPair({ algorithm: { kind: "ecdsa", curve: "P-256" } });
  const stranger = loadSigningKey({ key: other.privateKeyPem, source: "o" });
  const refusedXml = (await sign(PYTEST, stranger, { properties: [{ name: "project", value: s.project }] }))
    .bytes;
  const refusedHash = await canonicalHash(refusedXml);
  const entryKey = `${s.prefix()}1-1-build-refused`;
  await service.putCache(entryKey, "refs/heads/main", { [`${STAGING}/${refusedHash}.xml`]: refusedXml }, [
    STAGING,
  ]);
  const certFile = join(tempDir("jux-trust-"), "trusted.pem");
  writeFileSync(certFile, key.certificatePem);
  const strict = await startServer(["--token", API_KEY, "--trust", certFile]);
  try {
    const inputs = s.inputs({ signing_cert: "" });
    const first = await withFaults(service, { artifactNameConflict: true }, () =>
      via(strict, () => run(service, { job: { runId: ++runId }, inputs, files: {} })),
    );
    // An earlier run's report refused does not fail this run (its own reports are fine), but it is an error.
    expectSuccess(first);
    expect(first.annotations).toContainEqual({ level: "error", message: expect.stringContaining("(422)") });
    expect(first.summary).toContain("the refused reports could not be uploaded as an artifact");
    expect(s.entries().map((e) => e.key)).toEqual([entryKey]);
    const second = await via(strict, () => run(service, { job: { runId: ++runId }, inputs, files: {} }));
    expectSuccess(second);
    const rejected = service.artifacts(runId).find((a) => a.name.includes("-rejected"));
    expect([...(await service.artifactFiles(rejected!.id)).keys()]).toContain(`${refusedHash}.xml`);
    expect(s.entries()).toEqual([]);
  } finally {
    await strict.stop();
  }
});

test("the queue is per Jux API: a run publishing to another server (staging) leaves this server's queue alone", async () => {
  const s = scenario();
  const offline = await down(() =>
    run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: reports("prod") }),
  );
  expectSuccess(offline);
  const staging = await startServer(["--token", API_KEY]);
  try {
    const other = await run(service, {
      job: { runId: ++runId, ref: "refs/heads/feature" },
      inputs: s.inputs({ api_url: `${staging.url}/api/v1` }),
      files: reports("staging"),
    });
    expectSuccess(other);
    expect(await published(staging, s.project)).toEqual(hashesOf(other));
    expect(s.entries()).toHaveLength(1);
    const online = await run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: {} });
    expectSuccess(online);
    expect(await published(server, s.project)).toEqual(hashesOf(offline));
  } finally {
    await staging.stop();
  }
});

test("a quarantined file whose artifact cannot be uploaded keeps its entry even when reports still wait", async () => {
  const s = scenario();
  const mine = loadSigningKey({ key: key.privateKeyPem, source: "k", certificate: key.certificatePem });
  const good = (await sign(PYTEST, mine, { properties: [{ name: "project", value: s.project }] })).bytes;
  const forged = Buffer.from(good.toString("utf8").replace(/ time="[^"]*"/, ' time="0.001"'));
  const entryKey = `${s.prefix()}1-1-build-suspect`;
  await service.putCache(
    entryKey,
    "refs/heads/main",
    { [`${STAGING}/${await canonicalHash(good)}.xml`]: forged },
    [STAGING],
  );
  const first = await withFaults(service, { artifactNameConflict: true }, () =>
    down(() => run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: reports("sus") })),
  );
  expectSuccess(first);
  expect(first.summary).toContain("the quarantined files could not be uploaded as an artifact");
  // The suspect entry stays, and the entry saved for the waiting reports does not supersede it.
  expect(s.entries().map((e) => e.key)).toContain(entryKey);
  const second = await run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: {} });
  expectSuccess(second);
  const quarantine = service.artifacts(runId).find((a) => a.name.includes("-quarantine"));
  expect(quarantine).toBeDefined();
  expect(await published(server, s.project)).toEqual(hashesOf(first));
  expect(s.entries()).toEqual([]);
});

test("an entry's supersedes.json is only a hint: a hostile entry naming a genuine one cannot make its report be skipped or deleted unread", async () => {
  const s = scenario();
  const mine = loadSigningKey({ key: key.privateKeyPem, source: "k", certificate: key.certificatePem });
  const genuine = (await sign(PYTEST, mine, { properties: [{ name: "project", value: s.project }] })).bytes;
  const genuineKey = `${s.prefix()}1-1-build-genuine`;
  const hostileKey = `${s.prefix()}1-1-build-hostile`;
  await service.putCache(
    genuineKey,
    "refs/heads/main",
    { [`${STAGING}/${await canonicalHash(genuine)}.xml`]: genuine },
    [STAGING],
  );
  // Newer, so listed (and read) first: it claims the genuine entry is redundant.
  await service.putCache(
    hostileKey,
    "refs/heads/main",
    { [`${STAGING}/supersedes.json`]: Buffer.from(JSON.stringify([genuineKey])) },
    [STAGING],
  );
  // Server down: the genuine report is restored all the same and re-queued before its entry is deleted.
  const offline = await down(() => run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: {} }));
  expectSuccess(offline);
  expect(offline.summary).toContain("Offline queue: **1 report(s) waiting**");
  const left = s.entries().map((e) => e.key);
  expect(left).toHaveLength(1);
  expect(left).not.toContain(genuineKey);
  const online = await run(service, { job: { runId: ++runId }, inputs: s.inputs(), files: {} });
  expectSuccess(online);
  expect(await published(server, s.project)).toEqual([await canonicalHash(genuine)]);
  expect(s.entries()).toEqual([]);
});

// Last: it scans what every scenario above produced.
test("secrets: no queue scenario leaked the API key or the signing key", () => {
  expect(produced.length).toBeGreaterThan(30);
  const secrets = [
    API_KEY,
    ...key.privateKeyPem.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----")),
  ];
  for (const secret of secrets)
    for (const p of produced)
      expect({ where: p.what, leaked: p.text.includes(secret) }).toEqual({ where: p.what, leaked: false });
});
