/**
 * OIDC tokens for jux serve, in-process against a real issuer on loopback HTTPS (helpers/oidc-issuer.ts): the
 * verifier's refusals and their reasons, the JWKS cache and its refresh on an unknown kid, the allow patterns and
 * the --oidc-* settings.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { oidcSettings } from "../../src/server/access.js";
import { authenticateClient } from "../../src/server/http/auth.js";
import type { HttpError } from "../../src/server/http/errors.js";
import { allowedBy, oidcClient, parseClaimPattern, publisherOf } from "../../src/server/oidc-claims.js";
import { looksLikeJwt, OidcVerifier } from "../../src/server/oidc.js";
import { githubClaims, startOidcIssuer, type OidcIssuer } from "../helpers/oidc-issuer.js";

async function refusal(
  p: Promise<unknown>,
): Promise<{ status: number; message: string; text: string; headers: unknown }> {
  try {
    await p;
  } catch (e) {
    const h = e as HttpError;
    if (typeof h.status !== "number") throw e;
    const body = h.body as unknown as { details: { message: string }; suggestions?: string[] };
    return {
      status: h.status,
      message: body.details.message,
      text: `${body.details.message} ${(body.suggestions ?? []).join(" ")}`,
      headers: h.headers,
    };
  }
  throw new Error("expected a refusal");
}

describe("--oidc-allow patterns", () => {
  const sub = (pattern: string, value: string) => !!allowedBy([parseClaimPattern(pattern)], { sub: value });

  it("match the sub claim; * stays within a ':' segment, ** crosses them; case and dots are literal", () => {
    expect(sub("repo:octo/*:ref:refs/heads/main", "repo:octo/app:ref:refs/heads/main")).toBe(true);
    expect(sub("repo:octo/*:ref:refs/heads/main", "repo:octo/app:ref:refs/heads/mainx")).toBe(false);
    expect(sub("repo:octo/*:ref:refs/heads/main", "repo:octo/app:x:ref:refs/heads/main")).toBe(false);
    expect(sub("repo:octo/*", "repo:octo/app:pull_request")).toBe(false);
    expect(sub("repo:octo/**", "repo:octo/app:pull_request")).toBe(true);
    expect(sub("repo:octo/app:ref:refs/heads/*", "repo:octo/app:ref:refs/heads/feature/x")).toBe(true);
    expect(sub("repo:octo/app:environment:prod", "repo:octo/app:environment:prod")).toBe(true);
    expect(sub("repo:Octo/app:**", "repo:octo/app:pull_request")).toBe(false);
    expect(sub("repo:octo/a.p:**", "repo:octo/abp:pull_request")).toBe(false);
    expect(sub("repo:octo/app:(x|y)", "repo:octo/app:x")).toBe(false);
  });

  it("CLAIM=GLOB matches a string claim; a missing or non-string claim matches nothing", () => {
    const owner = parseClaimPattern("repository_owner=octo");
    expect(owner.claim).toBe("repository_owner");
    expect(allowedBy([owner], { repository_owner: "octo" })).toBe(owner);
    expect(allowedBy([owner], { repository_owner: "octopus" })).toBeUndefined();
    expect(allowedBy([owner], { sub: "repository_owner=octo" })).toBeUndefined();
    expect(allowedBy([parseClaimPattern("repository_id=1")], { repository_id: 1 })).toBeUndefined();
    expect(allowedBy([parseClaimPattern("repository=octo/*")], { repository: "octo/app" })).toBeDefined();
  });

  it("refuses a pattern that would let anyone publish", () => {
    for (const p of [
      "",
      "*",
      "**",
      "*:*",
      "repo:*",
      "repo:*/app:**",
      "repo:oc*/app:**",
      "**:ref:refs/heads/main",
      "*:*/*:ref:refs/heads/main",
      "repository_owner=*",
      "repository=*/app",
      "sub=**",
      "project_path:*/x:**",
    ])
      expect(() => parseClaimPattern(p)).toThrow(/any token of the issuer/);
    expect(() => parseClaimPattern("ref=refs/heads/main")).toThrow(/the claim ref does not name an owner/);
    expect(() => parseClaimPattern("environment=prod")).toThrow(/does not name an owner/);
    expect(parseClaimPattern("repo:octo/*:environment:*").claim).toBe("sub");
    // As AWS's trust policies write it, where '*' crosses ':'; here it would admit pull requests only.
    expect(() => parseClaimPattern("repo:octo/app:*")).toThrow(
      `a final ':*' matches one segment only (pull_request), not 'ref:refs/heads/main' or 'environment:prod': write "repo:octo/app:**"`,
    );
    expect(() => parseClaimPattern("repo:octo/*:*")).toThrow(/a final ':\*' matches one segment only/);
    // A reusable workflow's owner is not the caller's: any repository may call a public workflow.
    expect(() =>
      parseClaimPattern("job_workflow_ref=octo/shared/.github/workflows/jux.yml@refs/heads/main"),
    ).toThrow(/the claim job_workflow_ref does not name an owner/);
    // A sub pattern must start with its owner as written, whatever wildcards come after.
    for (const p of [
      "**/app:ref:refs/heads/main",
      "r**:environment:production",
      "**:ref:refs/heads/release",
      "sub=**/app:**",
      "r*:*/app:**",
      "repo:octo:ref:refs/heads/main",
    ])
      expect(() => parseClaimPattern(p)).toThrow(/any token of the issuer/);
    expect(parseClaimPattern("project_path:group/app:ref_type:branch:ref:main").claim).toBe("sub");
  });
});

describe("the settings", () => {
  const github = "https://token.actions.githubusercontent.com";
  it("need an https issuer, an audience and a pattern; flags first, then JUX_SERVE_OIDC_*", () => {
    expect(oidcSettings({}, {})).toBeUndefined();
    const s = oidcSettings({ issuer: github, audience: "jux", allow: ["repository_owner=octo"] }, {})!;
    expect(s).toMatchObject({ issuer: github, audience: "jux" });
    expect(s.allow.map((p) => p.text)).toEqual(["repository_owner=octo"]);
    const env = oidcSettings(
      { allow: ["repository_owner=a"] },
      {
        JUX_SERVE_OIDC_ISSUER: github,
        JUX_SERVE_OIDC_AUDIENCE: "aud",
        JUX_SERVE_OIDC_ALLOW: "repo:b/*:ref:refs/heads/main, repository_owner=c",
      },
    )!;
    expect(env.allow.map((p) => p.text)).toEqual([
      "repository_owner=a",
      "repo:b/*:ref:refs/heads/main",
      "repository_owner=c",
    ]);
    expect(() =>
      oidcSettings({ issuer: "http://issuer.example", audience: "a", allow: ["sub=x"] }, {}),
    ).toThrow(/must be an https:\/\/ URL.*over http anyone on the path/);
    expect(() => oidcSettings({ issuer: "not a url", audience: "a", allow: ["sub=x"] }, {})).toThrow(/https/);
    expect(() =>
      oidcSettings(
        { issuer: "https://:secret@issuer.example", audience: "a", allow: ["repository_owner=a"] },
        {},
      ),
    ).toThrow(/without query or credentials/);
    expect(() => oidcSettings({ issuer: github, allow: ["sub=x"] }, {})).toThrow(/needs --oidc-audience/);
    expect(() => oidcSettings({ issuer: github, audience: "a" }, {})).toThrow(/at least one --oidc-allow/);
    expect(() => oidcSettings({ audience: "a" }, {})).toThrow(/need --oidc-issuer/);
    expect(() => oidcSettings({ issuer: github, audience: "a", allow: ["*"] }, {})).toThrow(/any token/);
  });
});

it("looksLikeJwt: three base64url parts, not an API key", () => {
  expect(looksLikeJwt("eyJh.eyJi.c2ln")).toBe(true);
  expect(looksLikeJwt("eyJh.eyJi.")).toBe(true);
  expect(looksLikeJwt("0123456789abcdef0123456789abcdef")).toBe(false);
  expect(looksLikeJwt("a.b")).toBe(false);
  expect(looksLikeJwt("a.b.c.d")).toBe(false);
});

describe("OidcVerifier against a local issuer", () => {
  let issuer: OidcIssuer;
  let log: string[];
  let now: number;
  const allow = ["repo:octo/*:ref:refs/heads/main", "repository_owner=acme"].map(parseClaimPattern);
  const verifier = (o: { cooldownMs?: number; maxAgeMs?: number } = {}) =>
    new OidcVerifier(
      { issuer: issuer.issuer, audience: issuer.audience, allow },
      { ca: issuer.ca, log: (l) => log.push(l), clock: () => now, timeoutMs: 2000, ...o },
    );
  const claims = githubClaims({ repository: "octo/app", workflow: "Tests" });

  beforeAll(async () => {
    issuer = await startOidcIssuer({ audience: "https://jux.example" });
  });
  afterAll(() => issuer.stop());
  beforeEach(() => {
    log = [];
    now = Date.now();
    issuer.failWith(undefined);
    issuer.overrideDiscovery(undefined);
  });

  it.each(["RS256", "ES256"] as const)(
    "a %s token of an allowed repository gives its publisher",
    async (alg) => {
      const p = await verifier().verify(await issuer.mint(claims, { alg }));
      expect(p).toEqual({
        method: "oidc",
        issuer: issuer.issuer,
        subject: "repo:octo/app:ref:refs/heads/main",
        repository: "octo/app",
        workflow: "Tests",
        ref: "refs/heads/main",
        sha: claims.sha,
        runId: "4242",
        actor: "octocat",
        eventName: "push",
      });
      expect(oidcClient(p)).toBe(`oidc:${issuer.issuer}:octo/app`);
    },
  );

  it("fetches the discovery document and the JWKS once, then serves from the cache", async () => {
    const v = verifier();
    const before = { ...issuer.requests };
    for (let i = 0; i < 5; i++) await v.verify(await issuer.mint(claims, { alg: i % 2 ? "ES256" : "RS256" }));
    expect(issuer.requests).toEqual({ discovery: before.discovery + 1, jwks: before.jwks + 1 });
  });

  it("a rotated key: the JWKS is fetched again once for the new kid, then cached; an unknown kid within the cooldown costs no fetch", async () => {
    const v = verifier();
    await v.verify(await issuer.mint(claims));
    const before = { ...issuer.requests };
    await issuer.rotate();
    await v.verify(await issuer.mint(claims));
    await v.verify(await issuer.mint(claims, { alg: "ES256" }));
    expect(issuer.requests).toEqual({ discovery: before.discovery, jwks: before.jwks + 1 });
    const r = await refusal(v.verify(await issuer.mint(claims, { kid: "nobody" })));
    expect([r.status, r.headers]).toEqual([503, { "Retry-After": "10" }]);
    expect(r.message).toMatch(
      /No key of the issuer's JWKS matches the token \(kid "nobody"\).*again in 10 s/,
    );
    expect(issuer.requests.jwks).toBe(before.jwks + 1);
    now += 10_000;
    const after = await refusal(v.verify(await issuer.mint(claims, { kid: "nobody" })));
    expect([after.status, after.message]).toEqual([401, expect.stringMatching(/kid "nobody"/)]);
    expect(issuer.requests.jwks).toBe(before.jwks + 2);
    now += 2_000;
    expect((await refusal(v.verify(await issuer.mint(claims, { kid: "nobody" })))).headers).toEqual({
      "Retry-After": "8",
    });
  });

  it("refuses with 401 and the reason: wrong audience, expired, not yet valid, wrong issuer, alg none, HMAC with the public key", async () => {
    const v = verifier();
    const cases: [Promise<string> | string, RegExp][] = [
      [
        issuer.mint(claims, { audience: "https://other" }),
        /audience is "https:\/\/other"; jux serve expects "https:\/\/jux.example".*Request the token for audience/,
      ],
      [issuer.mint(claims, { expiresIn: -120 }), /expired at .* \(120 s ago\)/],
      [issuer.mint(claims, { notBefore: 600 }), /"nbf" claim/],
      [
        issuer.mint(claims, { issuer: "https://evil.example" }),
        /issuer is "https:\/\/evil.example"; jux serve trusts https:\/\/127/,
      ],
      [issuer.unsigned(claims), /alg "none"; jux serve accepts RS256 and ES256 only/],
      [issuer.hmacWithPublicKey(claims), /alg "HS256"; jux serve accepts RS256 and ES256 only/],
      ["not.a.jwt", /not a readable JWT/],
    ];
    for (const [token, reason] of cases) {
      const r = await refusal(v.verify(await token));
      expect([r.status, r.text]).toEqual([401, expect.stringMatching(reason)]);
    }
    const good = await issuer.mint(claims);
    const [h, p] = good.split(".");
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, "base64url").toString()), repository: "octo/other" })).toString("base64url")}.${good.split(".")[2]}`;
    expect((await refusal(v.verify(tampered))).message).toMatch(/signature does not verify/);
  });

  it("an iat in the future or older than a day is refused (exp alone would let a ten-year token in)", async () => {
    const t = Math.floor(now / 1000);
    const future = await refusal(verifier().verify(await issuer.mint(claims, { issuedAt: t + 3600 })));
    expect([future.status, future.message]).toEqual([401, expect.stringMatching(/"iat" claim/)]);
    const old = await issuer.mint(claims, { issuedAt: t - 2 * 86_400, expiresIn: 86_400 * 3650 });
    expect((await refusal(verifier().verify(old))).message).toMatch(/"iat" claim/);
  });

  it("a known kid used with another algorithm: 401 at once, no fetch of the keys again", async () => {
    const v = verifier({ cooldownMs: 0 });
    await v.verify(await issuer.mint(claims)); // keys cached
    const fetches = issuer.requests.jwks;
    const rsaKid = issuer.kids().RS256;
    const r = await refusal(v.verify(await issuer.mint(claims, { alg: "ES256", kid: rsaKid })));
    expect([r.status, r.message]).toEqual([401, expect.stringMatching(/is not a key for alg "ES256"/)]);
    expect(issuer.requests.jwks).toBe(fetches);
  });

  it("after a failed fetch, no fetch (nor log line) per request for the cooldown: 503 at once", async () => {
    issuer.failWith(500);
    const v = verifier({ cooldownMs: 10_000 });
    const token = await issuer.mint(claims);
    expect((await refusal(v.verify(token))).status).toBe(503);
    const fetches = issuer.requests.discovery + issuer.requests.jwks;
    const lines = log.length;
    for (let i = 0; i < 20; i++) expect((await refusal(v.verify(token))).status).toBe(503);
    expect([issuer.requests.discovery + issuer.requests.jwks, log.length]).toEqual([fetches, lines]);
    issuer.failWith(undefined);
    now += 10_001;
    await expect(v.verify(token)).resolves.toBeDefined();
  });

  it("a token within the clock skew is accepted", async () => {
    await expect(verifier().verify(await issuer.mint(claims, { expiresIn: -30 }))).resolves.toBeDefined();
  });

  it("a valid token of a repository no pattern allows: 403 naming its sub, the patterns in the log only", async () => {
    const other = githubClaims({ repository: "mallory/app" });
    const r = await refusal(verifier().verify(await issuer.mint(other)));
    expect(r.status).toBe(403);
    expect(r.message).toContain('sub "repo:mallory/app:ref:refs/heads/main", repository "mallory/app"');
    // The patterns only in the log: anyone can mint a valid token for the audience and would read them.
    expect(r.message).not.toContain("repository_owner=acme");
    expect(log.join("\n")).toContain(
      "none of --oidc-allow repo:octo/*:ref:refs/heads/main, repository_owner=acme",
    );
    const pr = githubClaims({ repository: "octo/app", subContext: "pull_request" });
    expect((await refusal(verifier().verify(await issuer.mint(pr)))).status).toBe(403);
    await expect(
      verifier().verify(
        await issuer.mint(githubClaims({ repository: "acme/x", subContext: "pull_request" })),
      ),
    ).resolves.toMatchObject({ repository: "acme/x" });
  });

  it("an issuer that cannot be reached: 503 with Retry-After and one log line; a cached JWKS is used while stale", async () => {
    issuer.failWith(500);
    const r = await refusal(verifier().verify(await issuer.mint(claims)));
    expect(r.status).toBe(503);
    expect(r.headers).toEqual({ "Retry-After": "30" });
    expect(r.message).toMatch(/cannot fetch its OIDC issuer's discovery document .*HTTP 500/);
    expect(log).toHaveLength(1);
    expect(log.join("")).not.toContain("eyJ");
    issuer.failWith(undefined);
    const v = verifier({ maxAgeMs: 1000 });
    await v.verify(await issuer.mint(claims));
    issuer.failWith(500);
    now += 5000;
    await expect(v.verify(await issuer.mint(claims))).resolves.toBeDefined();
  });

  it("a discovery document naming an http: JWKS, or another issuer, is not used (503, logged)", async () => {
    issuer.overrideDiscovery({ issuer: issuer.issuer, jwks_uri: `http://127.0.0.1:1/jwks` });
    let r = await refusal(verifier().verify(await issuer.mint(claims)));
    expect([r.status, r.message]).toEqual([
      503,
      expect.stringMatching(/jwks_uri "http:\/\/127.0.0.1:1\/jwks": jux serve fetches keys over https: only/),
    ]);
    issuer.overrideDiscovery({ issuer: "https://evil.example", jwks_uri: issuer.jwksUri });
    r = await refusal(verifier().verify(await issuer.mint(claims)));
    expect(r.message).toMatch(/names issuer "https:\/\/evil.example"/);
    expect(log).toHaveLength(2);
  });

  it("authenticateClient: a JWT goes to OIDC, anything else is an API key; OIDC only refuses a key", async () => {
    const v = verifier();
    const token = await issuer.mint(claims);
    const viaOidc = await authenticateClient({ authorization: `Bearer ${token}` }, ["k".repeat(24)], v);
    expect(viaOidc).toMatchObject({
      id: `oidc:${issuer.issuer}:octo/app`,
      publisher: { repository: "octo/app" },
    });
    const viaKey = await authenticateClient(
      { authorization: `Bearer ${"k".repeat(24)}` },
      ["k".repeat(24)],
      v,
    );
    expect(viaKey).toEqual({ id: "k".repeat(24), publisher: { method: "api-key" } });
    const dotted = "key.with.dots-0123456789";
    const dottedKey = await authenticateClient({ authorization: `Bearer ${dotted}` }, [dotted], v);
    expect(dottedKey).toEqual({ id: dotted, publisher: { method: "api-key" } });
    const only = await refusal(authenticateClient({ authorization: "Bearer some-api-key" }, [], v));
    expect([only.status, only.message]).toEqual([401, expect.stringMatching(/OIDC tokens only/)]);
    const none = await refusal(
      authenticateClient({ authorization: `Bearer ${token}` }, ["k".repeat(24)], undefined),
    );
    expect([none.status, none.text]).toEqual([
      403,
      expect.stringMatching(/looks like an OIDC token.*no --oidc-issuer/),
    ]);
  });

  it("publisherOf reads GitLab's claim names too, and cuts long values", () => {
    const p = publisherOf("https://gitlab.com", {
      sub: "project_path:group/proj:ref_type:branch:ref:main",
      project_path: "group/proj",
      ref: "main",
      pipeline_id: "99",
      pipeline_source: "push",
      user_login: "dev",
      sha: "x".repeat(1000),
    });
    expect(p).toMatchObject({
      repository: "group/proj",
      runId: "99",
      eventName: "push",
      actor: "dev",
      ref: "main",
    });
    expect(p.sha).toHaveLength(300);
  });
});
