/**
 * `jux publish --oidc-token-env VAR` through the committed bundle against a real `jux serve --oidc-*` trusting a
 * local issuer (issue 15): the ID token taken from the variable (as GitLab CI's id_tokens put it there) publishes,
 * a refused token says why, the variable's problems are usage errors naming it, and the token appears nowhere in
 * what jux prints.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { hostileReport } from "../helpers/hostile.js";
import { startOidcIssuer, type OidcIssuer } from "../helpers/oidc-issuer.js";
import { jux, parsed, secretLeaks, type Run } from "../helpers/publish.js";
import { cleanUp, request, startServer, tempDir, type Server } from "../helpers/serve.js";

const AUDIENCE = "https://jux.example.test";
let issuer: OidcIssuer;
let server: Server;
let n = 0;
const tokens: string[] = [];

beforeAll(async () => {
  issuer = await startOidcIssuer({ audience: AUDIENCE });
  server = await startServer(
    ["--oidc-issuer", issuer.issuer, "--oidc-audience", AUDIENCE, "--oidc-allow", "project_path=group/*"],
    { NODE_EXTRA_CA_CERTS: issuer.caFile },
  );
});
afterAll(async () => {
  await server?.stop();
  await issuer?.stop();
  await cleanUp();
});

/** GitLab CI's ID token claims for a project. */
const gitlab = (project: string) => ({
  sub: `project_path:${project}:ref_type:branch:ref:main`,
  project_path: project,
  namespace_path: project.split("/")[0],
  ref: "main",
  ref_type: "branch",
  pipeline_id: "777",
  pipeline_source: "push",
  user_login: "dev",
  sha: "f".repeat(40),
});

async function publishWith(env: NodeJS.ProcessEnv, extra: string[] = []): Promise<Run> {
  const dir = tempDir("jux-publish-oidc-");
  const file = join(dir, "report.xml");
  writeFileSync(file, hostileReport(`publish-oidc-${++n}`));
  for (const value of Object.values(env)) if (value && value.split(".").length === 3) tokens.push(value);
  return jux(
    [
      "publish",
      file,
      "--storage-mode",
      "api",
      "--api-url",
      `${server.url}/api/v1`,
      "--max-retries",
      "0",
      "--oidc-token-env",
      "JUX_ID_TOKEN",
      "--json",
      ...extra,
    ],
    { cwd: dir, env },
  );
}

describe("jux publish --oidc-token-env", () => {
  it("publishes with the token in the variable; the run page names the project the token gave", async () => {
    const r = await publishWith({ JUX_ID_TOKEN: await issuer.mint(gitlab("group/app"), { alg: "ES256" }) });
    expect(r.code).toBe(0);
    // The test server is on loopback, its audience a name: the user is told the token's audience is not api_url's.
    expect(r.stderr.trim()).toBe(
      `warning: jux publish: --oidc-token-env JUX_ID_TOKEN: the token was issued for "${AUDIENCE}", not for api_url's origin ${server.url}: check that api_url is the server you meant to send it to`,
    );
    const row = parsed(r).reports[0]!;
    expect(row.kind).toBe("published");
    const page = await request(`${server.url}/runs/${row.testRunId}`);
    expect(page.text).toContain("an OIDC token: repository <code>group/app</code>");
    expect(page.text).toContain("run <code>777</code>");
  });

  it("a token the server refuses: the reason (403 outside the allow list, 401 expired), exit 1", async () => {
    const outside = await publishWith({ JUX_ID_TOKEN: await issuer.mint(gitlab("other/app")) });
    expect(outside.code).toBe(1);
    expect(JSON.stringify(parsed(outside).reports[0])).toMatch(/no --oidc-allow pattern of this server/);
    const expired = await publishWith({
      JUX_ID_TOKEN: await issuer.mint(gitlab("group/app"), { expiresIn: -3600 }),
      JUX_DEBUG: "1",
    });
    expect(expired.code).toBe(1);
    expect(JSON.stringify(parsed(expired).reports[0])).toMatch(/The token expired at/);
  });

  it("the variable unset, empty or not a JWT, or an API key configured too: usage errors (2) naming the variable", async () => {
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{}, /--oidc-token-env JUX_ID_TOKEN: the variable is not set: have the CI issue an ID token into it/],
      [{ JUX_ID_TOKEN: " " }, /--oidc-token-env JUX_ID_TOKEN: the variable is empty/],
      [
        { JUX_ID_TOKEN: "not-a-jwt-secret-value" },
        /--oidc-token-env JUX_ID_TOKEN: the variable does not hold a JWT/,
      ],
      [
        { JUX_ID_TOKEN: await issuer.mint(gitlab("group/app")), JUX_API_KEY: "an-api-key-0123456789" },
        /an API key is configured too .*publish with one credential/,
      ],
    ];
    for (const [env, expected] of cases) {
      const r = await publishWith(env);
      expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(expected)]);
      expect(r.stderr).not.toContain("not-a-jwt-secret-value");
    }
  });

  it("an http api_url that is not this machine: refused before anything is sent (the token would travel in clear)", async () => {
    const token = await issuer.mint(gitlab("group/app"));
    const r = await publishWith({ JUX_ID_TOKEN: token }, ["--api-url", "http://jux.example.test/api/v1"]);
    expect([r.code, r.stderr]).toEqual([
      2,
      expect.stringContaining(
        "api_url http://jux.example.test is not https: the token would cross the network in clear text",
      ),
    ]);
    expect(r.stderr).not.toContain(token);
  });

  it("the token is printed nowhere (stdout, stderr, debug traces), nor in the server's log", () => {
    expect(tokens.length).toBeGreaterThanOrEqual(4);
    for (const token of tokens) {
      expect(secretLeaks(token, [])).toEqual([]);
      expect(server.log()).not.toContain(token.split(".")[2]!);
    }
  });
});
