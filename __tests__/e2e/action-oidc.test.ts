/**
 * The action publishing with the job's OIDC token, end to end (issue 15): the committed dist/main and dist/post
 * in the runner emulation, whose ID-token endpoint mints GitHub-shaped tokens with a local OIDC issuer (loopback
 * HTTPS, its CA through NODE_EXTRA_CA_CERTS), and a real `jux serve --oidc-issuer` that trusts it. No API key
 * anywhere. The tokens never leave the post step: not in a log line, output, state, summary, artifact or cache.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import type { ActionsService, JobOptions } from "../helpers/actions-service/index.js";
import { startActionsService } from "../helpers/actions-service/index.js";
import {
  expectSuccess,
  keyPair,
  produced,
  published,
  record,
  run as runRecorded,
  type KeyPair,
} from "../helpers/action-env.js";
import { githubClaims, startOidcIssuer, type MintOptions, type OidcIssuer } from "../helpers/oidc-issuer.js";
import { EXAMPLE_PYTEST } from "../helpers/fixtures.js";
import type { JobRun, RunOptions } from "../helpers/runner.js";
import { freePort } from "../helpers/scripted-server.js";
import { cleanUp, request, startServer, type Server } from "../helpers/serve.js";

jest.setTimeout(300_000);

const REPOSITORY = "octo/jux-demo";
let service: ActionsService;
let issuer: OidcIssuer;
let server: Server;
let key: KeyPair;
/** api_url's origin: the audience the action asks for by default, and the one the server expects. */
let origin: string;
/** Every token the ID-token endpoint handed out, for the leak scan. */
const minted: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  [service, issuer, key] = await Promise.all([
    startActionsService({ azureHostAlias: true }),
    startOidcIssuer({ audience: origin }),
    keyPair(),
  ]);
  server = await startServer(
    ["--port", String(port), "--oidc-issuer", issuer.issuer, "--oidc-audience", origin],
    { NODE_EXTRA_CA_CERTS: issuer.caFile, JUX_SERVE_OIDC_ALLOW: `repo:${REPOSITORY}:**` },
  );
});

afterAll(async () => {
  await service?.stop();
  await server?.stop();
  await issuer?.stop();
  await cleanUp();
});

let runId = 7000;
let projects = 0;

/** A job of the emulated repository with `permissions: id-token: write`, its tokens minted by the issuer. */
function oidcJob(extra: Partial<JobOptions> = {}, mint: (n: number) => MintOptions = () => ({})): JobOptions {
  const id = ++runId;
  let n = 0;
  return {
    runId: id,
    ref: "refs/heads/main",
    ...extra,
    idToken: {
      mint: async (audience) => {
        const token = await issuer.mint(
          githubClaims({ repository: REPOSITORY, ref: extra.ref ?? "refs/heads/main", runId: String(id) }),
          { audience, ...mint(++n) },
        );
        minted.push(token);
        return token;
      },
    },
  };
}

/** `count` reports, each its own (the server would answer a repeated one as a duplicate). */
function reports(count: number): Record<string, string> {
  const base = readFileSync(EXAMPLE_PYTEST, "utf8");
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++)
    files[`reports/junit-${i}.xml`] = base.replace(/hostname="[^"]*"/, `hostname="r${runId}-${i}"`);
  return files;
}

/** A test's inputs: its own project and its own offline queue (cache entries of main are visible to every job). */
function inputs(extra: Record<string, string> = {}): Record<string, string> {
  const n = ++projects;
  return {
    report_paths: "reports/*.xml",
    api_url: `${origin}/api/v1`,
    signing_key: key.privateKeyPem,
    signing_cert: key.certificatePem,
    project: `oidc-${n}`,
    queue_key: `jux-queue-${n}`,
    ...extra,
  };
}

/** Runs a job, recording what it left for the leak scan (the state too). */
async function run(s: ActionsService, o: RunOptions): Promise<JobRun> {
  const r = await runRecorded(s, o);
  record("state", JSON.stringify(r.state));
  return r;
}

const idTokens = () => service.idTokenRequests();
/** The same job without `permissions: id-token: write`. */
function withoutIdToken(job: JobOptions): JobOptions {
  const copy = { ...job };
  delete copy.idToken;
  return copy;
}
const submits = (status: number) =>
  server.requests().filter((l) => l.startsWith(`POST /api/v1/junit/submit ${status} `)).length;
const runIdOf = async (project: string) => {
  const reply = await request(`${server.url}/api/v1/test_runs?project=${project}`);
  return (reply.body as { test_runs: { id: string }[] }).test_runs[0]!.id;
};

describe("publishing with the job's OIDC token", () => {
  test("no api_key, id-token: write: the post step asks for one token (audience api_url's origin) and publishes", async () => {
    const before = idTokens().length;
    const i = inputs();
    const r = await run(service, { job: oidcJob(), inputs: i, files: reports(3) });
    expectSuccess(r);
    expect(r.outputs.auth).toBe("oidc");
    expect(await published(server, i.project!)).toEqual(
      Object.values(JSON.parse(r.outputs.canonical_hashes!) as object).sort(),
    );
    // One token for the batch of three, for the default audience; none in the main step.
    expect(idTokens().slice(before)).toEqual([{ job: expect.any(String), audience: origin, status: 200 }]);
    // Masked as soon as it is had; the main step never asks for one.
    expect(r.post.stdout).toContain(`::add-mask::${minted.at(-1)}`);
    expect(r.main.stdout).not.toContain("::add-mask::ey");
    expect(r.post.stdout).toContain(
      `jux: publishing to ${origin}/api/v1 with auth oidc (GitHub's OIDC token, audience ${origin})`,
    );
    expect(r.summary).toContain(
      `Published with auth oidc (GitHub's OIDC token, audience http:\u2060//127.0.0.1:${new URL(origin).port}); offline queue: the Actions cache, keys jux-queue-1-….`,
    );
    // The server recorded who published: the token's repository and ref.
    const page = await request(`${server.url}/runs/${await runIdOf(i.project!)}`);
    expect(page.text).toContain("an OIDC token");
    expect(page.text).toContain(REPOSITORY);
  });

  test("the issuer's key rotated (the old one retired) between two runs: the next run publishes", async () => {
    await issuer.rotate({ retireOld: true });
    const jwks = issuer.requests.jwks;
    const i = inputs();
    const r = await run(service, { job: oidcJob(), inputs: i, files: reports(2) });
    expectSuccess(r);
    expect(await published(server, i.project!)).toHaveLength(2);
    // The server fetched the new keys once, for the new kid.
    expect(issuer.requests.jwks).toBe(jwks + 1);
  });

  test("tokens about to expire are renewed between requests; a refused (expired) first token is renewed once", async () => {
    const before = idTokens().length;
    const i = inputs({ storage_mode: "api" });
    // The first token is long expired (the server refuses it: 401); the others live 30 s, under the action's
    // one-minute margin, so each request asks for a new one.
    const job = oidcJob({}, (n) => ({ expiresIn: n === 1 ? -600 : 30 }));
    const refusedBefore = submits(401);
    const r = await run(service, { job, inputs: i, files: reports(10) });
    expectSuccess(r);
    expect(await published(server, i.project!)).toHaveLength(10);
    const asked = idTokens().slice(before);
    expect(asked.length).toBeGreaterThanOrEqual(3);
    expect(asked.every((a) => a.status === 200 && a.audience === origin)).toBe(true);
    // Only the requests in flight with the expired token (4 at once) were refused, each once.
    const refused = submits(401) - refusedBefore;
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(refused).toBeLessThanOrEqual(4);
  });
});

describe("when OIDC cannot work", () => {
  test("a wrong audience: the server's 401 reason in the job's output, the reports queued, published once fixed", async () => {
    const i = inputs({ oidc_audience: "https://wrong.example" });
    const offline = await run(service, { job: oidcJob(), inputs: i, files: reports(2) });
    expect(offline.main.code).toBe(0);
    expect(offline.post.code).toBe(1);
    const errors = offline.annotated.filter((a) => a.level === "error").map((a) => a.message);
    expect(errors.join("\n")).toMatch(/rejected by the server \(401\): .*aud/i);
    const warnings = offline.annotated.filter((a) => a.level === "warning").map((a) => a.message);
    expect(warnings).toContain(
      `jux: the server refused the job's OIDC token: its --oidc-audience must be https://wrong.example (or set oidc_audience to the one it expects), its --oidc-issuer GitHub's, and its --oidc-allow must admit this job (e.g. repo:${REPOSITORY}:ref:refs/heads/main); the reports wait in the queue until it does`,
    );
    expect(offline.summary).toContain("Offline queue: **2 report(s) waiting**");
    expect(await published(server, i.project!)).toEqual([]);

    const fixed = await run(service, {
      job: oidcJob(),
      inputs: { ...i, oidc_audience: "" },
      files: reports(1),
    });
    expectSuccess(fixed);
    expect(fixed.summary).toContain("Offline queue: empty.");
    expect(await published(server, i.project!)).toHaveLength(3);
  });

  test("no id-token: write and no api_key: none is sent (as before OIDC); the 401 says which permission to add", async () => {
    const i = inputs();
    const job = withoutIdToken(oidcJob());
    const r = await run(service, { job, inputs: i, files: reports(1) });
    expect(r.outputs.auth).toBe("none");
    expect(r.post.code).toBe(1);
    expect(r.annotated.map((a) => a.message)).toContain(
      "jux: no credentials were sent: the job cannot request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): add `permissions: id-token: write` to the job (a pull request from a fork never gets one), or set api_key",
    );
    expect(r.summary).toContain("Offline queue: **1 report(s) waiting**");
  });

  test("auth: oidc without id-token: write stops the main step before signing, naming the fix", async () => {
    const job = withoutIdToken(oidcJob());
    const r = await run(service, { job, inputs: inputs({ auth: "oidc" }), files: reports(1) });
    expect(r.main.code).toBe(1);
    expect(r.annotated.map((a) => a.message)).toContain(
      "jux: input auth: oidc, but the job cannot request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): add `permissions: id-token: write` to the job (a pull request from a fork never gets one), or set api_key and auth: api_key",
    );
    expect(r.outputs.signed).toBeUndefined();
  });

  test("a job that publishes nothing (no signing_key, as a fork's pull request) is not stopped by auth: oidc", async () => {
    const job = withoutIdToken(oidcJob());
    const i = inputs({ auth: "oidc" });
    delete i.signing_key;
    const r = await run(service, { job, inputs: i, files: reports(1) });
    expectSuccess(r);
    expect(r.outputs.auth).toBe("");
    expect(r.outputs.signed).toBe("0");
  });

  test("the runner's endpoint failing: the step fails saying so, the reports wait in the queue", async () => {
    const i = inputs();
    service.failIdTokens(500);
    const r = await run(service, { job: oidcJob(), inputs: i, files: reports(2) }).finally(() =>
      service.failIdTokens(undefined),
    );
    expect(r.post.code).toBe(1);
    expect(r.annotated.map((a) => a.message)).toContain(
      `auth oidc: no OIDC token for audience ${origin}: the endpoint answered 500`,
    );
    expect(r.summary).toContain("Offline queue: **2 report(s) waiting**");
  });

  test("the ID-token endpoint wants the job's request token: a wrong or missing one gets 401", async () => {
    const { env } = service.job(oidcJob());
    const url = `${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=x`;
    expect((await request(url)).status).toBe(401);
    expect((await request(url, { headers: { Authorization: "Bearer wrong" } })).status).toBe(401);
    const good = await request(url, {
      headers: { Authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
    });
    expect(good.status).toBe(200);
    expect((good.body as { value: string }).value.split(".")).toHaveLength(3);
  });
});

test("no token ever appears in a log line, an output, the state, a summary, an artifact or a cache entry", () => {
  expect(minted.length).toBeGreaterThan(5);
  const places = [...produced, { what: "the server's log", text: server.log() }];
  for (const token of minted) {
    const signature = token.split(".")[2]!;
    for (const place of places)
      expect({ where: place.what, leaks: place.text.includes(signature) }).toEqual({
        where: place.what,
        leaks: false,
      });
  }
});
