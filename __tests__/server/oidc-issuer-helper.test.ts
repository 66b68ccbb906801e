/** The test issuer (__tests__/helpers/oidc-issuer.ts) is a real one: its tokens verify with jose against its JWKS over HTTPS. */
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { get } from "node:https";
import { readFileSync } from "node:fs";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { githubClaims, startOidcIssuer, type OidcIssuer } from "../helpers/oidc-issuer.js";

function fetchJson(url: string, ca?: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    get(url, ca ? { ca } : {}, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve(JSON.parse(text)));
    }).on("error", reject);
  });
}

let issuer: OidcIssuer;
beforeAll(async () => {
  issuer = await startOidcIssuer({ audience: "https://jux.example" });
});
afterAll(() => issuer.stop());

async function verify(token: string) {
  const discovery = (await fetchJson(issuer.discoveryUrl, issuer.ca)) as { jwks_uri: string; issuer: string };
  const jwks = (await fetchJson(discovery.jwks_uri, issuer.ca)) as JSONWebKeySet;
  return jwtVerify(token, createLocalJWKSet(jwks), {
    issuer: discovery.issuer,
    audience: "https://jux.example",
    algorithms: ["RS256", "ES256"],
  });
}

test("its discovery and JWKS are served over HTTPS that only its CA (the file too) makes trusted", async () => {
  await expect(fetchJson(issuer.discoveryUrl)).rejects.toThrow(/self.signed|unable to verify|certificate/i);
  expect(readFileSync(issuer.caFile, "utf8")).toBe(issuer.ca);
  const discovery = (await fetchJson(issuer.discoveryUrl, issuer.ca)) as Record<string, unknown>;
  expect(discovery).toMatchObject({ issuer: issuer.issuer, jwks_uri: `${issuer.issuer}/jwks` });
  expect(issuer.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
});

test.each(["RS256", "ES256"] as const)("a %s token with GitHub's claims verifies with jose", async (alg) => {
  const claims = githubClaims({ repository: "octo/app", workflow: "Tests" });
  const token = await issuer.mint(claims, { alg });
  const { payload, protectedHeader } = await verify(token);
  expect(protectedHeader).toMatchObject({ alg, kid: issuer.kids()[alg] });
  expect(payload).toMatchObject({
    sub: "repo:octo/app:ref:refs/heads/main",
    repository: "octo/app",
    repository_owner: "octo",
    workflow: "Tests",
    ref: "refs/heads/main",
    iss: issuer.issuer,
    aud: "https://jux.example",
  });
});

test("rotate() signs with new kids and keeps the old keys published unless retired; fetches are counted", async () => {
  const before = issuer.kids();
  const old = await issuer.mint(githubClaims());
  const jwksFetches = issuer.requests.jwks;
  await issuer.rotate();
  const fresh = await issuer.mint(githubClaims());
  expect(decodeProtectedHeader(fresh).kid).not.toBe(before.RS256);
  await expect(verify(old)).resolves.toBeDefined();
  await expect(verify(fresh)).resolves.toBeDefined();
  expect(issuer.requests.jwks).toBe(jwksFetches + 2);
  await issuer.rotate({ retireOld: true });
  await expect(verify(fresh)).rejects.toThrow(/no applicable key/i);
  await expect(verify(await issuer.mint(githubClaims()))).resolves.toBeDefined();
});

test("the hostile tokens are refused by jose: alg none, HS256 keyed with the public key, expired, wrong audience", async () => {
  const claims = githubClaims();
  await expect(verify(issuer.unsigned(claims))).rejects.toThrow();
  const forged = await issuer.hmacWithPublicKey(claims);
  expect(decodeProtectedHeader(forged).alg).toBe("HS256");
  await expect(verify(forged)).rejects.toThrow();
  await expect(verify(await issuer.mint(claims, { expiresIn: -600 }))).rejects.toThrow(/exp/);
  await expect(verify(await issuer.mint(claims, { audience: "other" }))).rejects.toThrow(/aud/);
});
