/**
 * `jux serve --oidc-*` through the committed bundle (issue 15): a real server trusting a local OIDC issuer on
 * loopback HTTPS (its throwaway CA through NODE_EXTRA_CA_CERTS), publishing with GitHub-shaped ID tokens next to
 * an API key; every hostile token refused with its status and reason; a key rotation during the run; the
 * publisher on the run page; the issuer's http: URL refused at start.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { hostileReport } from "../helpers/hostile.js";
import { githubClaims, startOidcIssuer, type OidcIssuer } from "../helpers/oidc-issuer.js";
import {
  CLI,
  NODE24,
  cleanUp,
  expectErrorShape,
  request,
  startServer,
  submit,
  tempDir,
} from "../helpers/serve.js";
import type { Reply, Server } from "../helpers/serve.js";

const KEY = "oidc-e2e-api-key-0123456789abcdef";
const AUDIENCE = "https://jux.example.test";
let issuer: OidcIssuer;
let server: Server;
let reports = 0;
const report = () => hostileReport(`oidc-${++reports}`);
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const octo = githubClaims({ repository: "octo/app", workflow: "Tests", ref: "refs/heads/main" });

beforeAll(async () => {
  issuer = await startOidcIssuer({ audience: AUDIENCE });
  server = await startServer(
    [
      "--oidc-issuer",
      issuer.issuer,
      "--oidc-audience",
      AUDIENCE,
      "--oidc-allow",
      "repo:octo/*:ref:refs/heads/main",
    ],
    {
      NODE_EXTRA_CA_CERTS: issuer.caFile,
      JUX_SERVE_TOKENS: KEY,
      JUX_SERVE_OIDC_ALLOW: "repository_owner=acme",
    },
  );
});
afterAll(async () => {
  await server?.stop();
  await issuer?.stop();
  await cleanUp();
});

function reason(reply: Reply): string {
  expectErrorShape(reply);
  const body = reply.body as { details: { message: string }; suggestions?: string[] };
  return `${body.details.message} ${(body.suggestions ?? []).join(" ")}`;
}

describe("publishing with an OIDC token", () => {
  it("says at start whom it trusts", () => {
    expect(server.stdout()).toContain(
      `1 API key(s) and OIDC tokens of ${issuer.issuer} for audience ${AUDIENCE}, 2 allow pattern(s)`,
    );
  });

  it.each(["RS256", "ES256"] as const)("a %s token of an allowed repository publishes (201)", async (alg) => {
    const reply = await submit(server, report(), bearer(await issuer.mint(octo, { alg })));
    expect([reply.status, reply.text]).toEqual([201, expect.stringContaining("test_run_id")]);
  });

  it("the run page shows the repository, workflow and ref the token gave; an API key's run says so", async () => {
    const token = await issuer.mint(
      githubClaims({ repository: "acme/<b>x</b>", workflow: "Nightly <i>", ref: "refs/heads/dev" }),
    );
    const viaOidc = await submit(server, report(), bearer(token));
    expect(viaOidc.status).toBe(201);
    const page = await request(`${server.url}/runs/${(viaOidc.body as { test_run_id: string }).test_run_id}`);
    expect(page.text).toContain(
      "an OIDC token: repository <code>acme/&#60;b&#62;x&#60;/b&#62;</code>, workflow <code>Nightly &#60;i&#62;</code>, ref <code>refs/heads/dev</code>",
    );
    expect(page.text).toContain(
      `issuer ${issuer.issuer}, subject <code>repo:acme/&#60;b&#62;x&#60;/b&#62;:ref:refs/heads/dev</code>`,
    );
    const viaKey = await submit(server, report(), bearer(KEY));
    expect(viaKey.status).toBe(201);
    const keyPage = await request(
      `${server.url}/runs/${(viaKey.body as { test_run_id: string }).test_run_id}`,
    );
    expect(keyPage.text).toContain("<tr><th>Published by</th><td>an API key</td></tr>");
    // The contract's run JSON is unchanged (the publisher is on the page only).
    const json = await request(
      `${server.url}/api/v1/test_runs/${(viaOidc.body as { test_run_id: string }).test_run_id}`,
    );
    expect(json.text).not.toContain("acme/");
  });

  it("an Idempotency-Key replays across a refreshed token of the same repository, not for another repository", async () => {
    const body = report();
    const first = await submit(server, body, {
      ...bearer(await issuer.mint(octo)),
      "Idempotency-Key": "k-1",
    });
    const again = await submit(server, body, {
      ...bearer(await issuer.mint({ ...octo, run_attempt: "2" }, { alg: "ES256" })),
      "Idempotency-Key": "k-1",
    });
    expect([first.status, again.status, again.headers["idempotent-replayed"]]).toEqual([201, 201, "true"]);
    const other = await submit(server, body, {
      ...bearer(await issuer.mint(githubClaims({ repository: "acme/y" }))),
      "Idempotency-Key": "k-1",
    });
    expect([other.status, other.headers["idempotent-replayed"]]).toEqual([409, undefined]);
  });

  it("a key rotation during the run keeps publishing: the JWKS fetched once more, not per request", async () => {
    const before = { ...issuer.requests };
    await issuer.rotate({ retireOld: true });
    for (const alg of ["RS256", "ES256", "RS256"] as const)
      expect((await submit(server, report(), bearer(await issuer.mint(octo, { alg })))).status).toBe(201);
    expect(issuer.requests).toEqual({ discovery: before.discovery, jwks: before.jwks + 1 });
  });

  it("refuses each hostile token with 401 and the reason", async () => {
    const cases: [string, Promise<string> | string, RegExp][] = [
      [
        "wrong audience",
        issuer.mint(octo, { audience: "https://elsewhere" }),
        /audience is "https:\/\/elsewhere"; jux serve expects "https:\/\/jux.example.test"/,
      ],
      ["expired", issuer.mint(octo, { expiresIn: -3600 }), /The token expired at .*Request a fresh token/],
      [
        "wrong issuer",
        issuer.mint(octo, { issuer: "https://token.actions.githubusercontent.com" }),
        /issuer is "https:\/\/token.actions.githubusercontent.com"; jux serve trusts https:\/\/127\.0\.0\.1/,
      ],
      [
        "alg none",
        issuer.unsigned(octo),
        /alg "none"; jux serve accepts RS256 and ES256 only \(never none or HMAC\)/,
      ],
      [
        "HMAC with the public key",
        issuer.hmacWithPublicKey(octo),
        /alg "HS256"; jux serve accepts RS256 and ES256 only/,
      ],
    ];
    for (const [what, token, expected] of cases) {
      const reply = await submit(server, report(), bearer(await token));
      expect([what, reply.status, reason(reply)]).toEqual([what, 401, expect.stringMatching(expected)]);
    }
  });

  it("an unknown kid just after the rotation's JWKS fetch: 503 with Retry-After, no fetch (after it: 401, unit-tested)", async () => {
    const fetches = issuer.requests.jwks;
    const token = await issuer.mint(octo, { kid: "another-forged-kid" });
    const reply = await submit(server, report(), bearer(token));
    expect([reply.status, issuer.requests.jwks]).toEqual([503, fetches]);
    expect(Number(reply.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(Number(reply.headers["retry-after"])).toBeLessThanOrEqual(10);
    expect(reason(reply)).toMatch(/kid "another-forged-kid"/);
  });

  it("a valid token of a repository outside the allow list: 403 naming it; the patterns only in the server's log", async () => {
    const reply = await submit(
      server,
      report(),
      bearer(await issuer.mint(githubClaims({ repository: "mallory/app" }))),
    );
    expect(reply.status).toBe(403);
    expect(reason(reply)).toContain(
      'sub "repo:mallory/app:ref:refs/heads/main", repository "mallory/app" match(es) no --oidc-allow pattern of this server',
    );
    // Anyone can mint a valid token for this audience: the answer must not list who is allowed.
    expect(reason(reply)).not.toContain("repository_owner=acme");
    await server.waitForLog((log) =>
      log.includes("none of --oidc-allow repo:octo/*:ref:refs/heads/main, repository_owner=acme"),
    );
    const pr = githubClaims({ repository: "octo/app", subContext: "pull_request" });
    expect((await submit(server, report(), bearer(await issuer.mint(pr)))).status).toBe(403);
  });

  it("never logs a token", async () => {
    const token = await issuer.mint(octo);
    await submit(server, report(), bearer(token));
    await submit(server, report(), bearer(issuer.unsigned(octo)));
    const signature = token.split(".")[2]!;
    expect(server.log()).not.toContain(signature);
    expect(server.log()).not.toContain(token.split(".")[1]!);
  });

  it("an issuer that cannot be reached: 503 with Retry-After (a stale JWKS would still serve known kids)", async () => {
    issuer.failWith(502);
    try {
      // The JWKS is cached: known keys still verify while the issuer is down.
      expect((await submit(server, report(), bearer(await issuer.mint(octo)))).status).toBe(201);
    } finally {
      issuer.failWith(undefined);
    }
    const down = await startOidcIssuer({ audience: AUDIENCE });
    const fresh = await startServer(
      ["--oidc-issuer", down.issuer, "--oidc-audience", AUDIENCE, "--oidc-allow", "repository_owner=octo"],
      { NODE_EXTRA_CA_CERTS: down.caFile },
    );
    try {
      const token = await down.mint(octo);
      down.failWith(500);
      const reply = await submit(fresh, report(), bearer(token));
      expect([reply.status, reply.headers["retry-after"]]).toEqual([503, "30"]);
      expect(reason(reply)).toMatch(/cannot fetch its OIDC issuer's discovery document .*HTTP 500/);
      await fresh.waitForLog((log) =>
        /error: the OIDC issuer's discovery document cannot be fetched/.test(log),
      );
      expect(fresh.log()).not.toMatch(/\n\s+at /); // one line, no stack
      down.failWith(undefined);
      // No fetch for a while after a failure (forged tokens must not become a stream of fetches): told when.
      const soon = await submit(fresh, report(), bearer(token));
      const wait = Number(soon.headers["retry-after"]);
      expect([soon.status, wait >= 1 && wait <= 10]).toEqual([503, true]);
      await new Promise((r) => setTimeout(r, wait * 1000));
      expect((await submit(fresh, report(), bearer(token))).status).toBe(201);
      expect((await submit(fresh, report(), bearer("an-api-key-but-oidc-only"))).status).toBe(401);
    } finally {
      await fresh.stop();
      await down.stop();
    }
  });
});

describe("start-up refusals (exit 2, the reason)", () => {
  const serve = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(NODE24, [CLI, "serve", "--port", "0", "--database", `${tempDir()}/db.sqlite`, ...args], {
      env: { PATH: process.env.PATH, HOME: tempDir(), ...env },
      encoding: "utf8",
      timeout: 20_000,
    });

  it("an http: issuer (its keys would come over plain HTTP), a missing audience or pattern, --open with OIDC", () => {
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [
        ["--oidc-issuer", "http://127.0.0.1:1", "--oidc-audience", "a", "--oidc-allow", "repository_owner=o"],
        {},
        /--oidc-issuer must be an https:\/\/ URL/,
      ],
      [
        [],
        {
          JUX_SERVE_OIDC_ISSUER: "http://issuer.example",
          JUX_SERVE_OIDC_AUDIENCE: "a",
          JUX_SERVE_OIDC_ALLOW: "repository_owner=o",
        },
        /must be an https:\/\/ URL/,
      ],
      [
        ["--oidc-issuer", "https://issuer.example", "--oidc-allow", "repository_owner=o"],
        {},
        /needs --oidc-audience/,
      ],
      [["--oidc-issuer", "https://issuer.example", "--oidc-audience", "a"], {}, /at least one --oidc-allow/],
      [
        ["--oidc-issuer", "https://issuer.example", "--oidc-audience", "a", "--oidc-allow", "repo:*"],
        {},
        /would let any token of the issuer publish/,
      ],
      [
        [
          "--oidc-issuer",
          "https://issuer.example",
          "--oidc-audience",
          "a",
          "--oidc-allow",
          "ref=refs/heads/main",
        ],
        {},
        /the claim ref does not name an owner/,
      ],
      [
        [
          "--oidc-issuer",
          "https://issuer.example",
          "--oidc-audience",
          "a",
          "--oidc-allow",
          "repository_owner=o",
          "--open",
        ],
        {},
        /--open contradicts --oidc-issuer/,
      ],
    ];
    for (const [args, env, expected] of cases) {
      const run = serve(args, env);
      expect([args, run.status, run.stderr]).toEqual([args, 2, expect.stringMatching(expected)]);
    }
  });

  it("OIDC alone is not an open server: it may listen beyond loopback without --open", () => {
    // --max-pending is read after the open-server check: its refusal shows that check passed.
    const run = serve([
      "--host",
      "0.0.0.0",
      "--oidc-issuer",
      "https://issuer.example",
      "--oidc-audience",
      "a",
      "--oidc-allow",
      "repository_owner=o",
      "--max-pending",
      "lots",
    ]);
    expect([run.status, run.stderr]).toEqual([2, expect.stringMatching(/--max-pending/)]);
    expect(run.stderr).not.toMatch(/no API key is set/);
  });
});
