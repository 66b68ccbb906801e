/**
 * A local OpenID Connect issuer for tests: HTTPS on loopback with a throwaway CA made in-process, its own
 * signing keys (RS256 and ES256), a discovery document and a JWKS that rotates, and counters of what was
 * fetched (to prove caching and the refresh on an unknown kid). Child processes trust it through
 * `NODE_EXTRA_CA_CERTS=<caFile>`; in-process clients pass `ca` (the PEM) to node:https.
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { createHmac, randomBytes, webcrypto } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK, type CryptoKey } from "jose";

x509.cryptoProvider.set(webcrypto as ReturnType<typeof x509.cryptoProvider.get>);

export type SigningAlg = "RS256" | "ES256";

export interface MintOptions {
  /** Which of the current keys signs (default RS256). */
  alg?: SigningAlg;
  /** The header's kid (default the current key's: another makes a token whose key the JWKS lacks). */
  kid?: string;
  /** Seconds from now until `exp` (default 300; negative: already expired). */
  expiresIn?: number;
  /** Seconds from now of `nbf` (default none). */
  notBefore?: number;
  /** `aud` (default `audience` of the issuer's options, "jux-test"); null: left out. */
  audience?: string | string[] | null;
  /** `iss` (default this issuer's URL). */
  issuer?: string;
  /** `iat`, seconds since the epoch (default now). */
  issuedAt?: number;
  /** Extra header fields (typ, ...). */
  header?: Record<string, unknown>;
}

export interface OidcIssuer {
  /** https://127.0.0.1:PORT (no trailing slash): the `iss` of its tokens. */
  issuer: string;
  /** The discovery document's URL: `${issuer}/.well-known/openid-configuration`. */
  discoveryUrl: string;
  /** The JWKS's URL: `${issuer}/jwks`. */
  jwksUri: string;
  /** The audience tokens carry by default. */
  audience: string;
  /** The throwaway CA, PEM, and a file holding it (for NODE_EXTRA_CA_CERTS). */
  ca: string;
  caFile: string;
  /** A signed token for these claims (iss, aud, iat, exp added unless given), by the current key of `alg`. */
  mint(claims: Record<string, unknown>, options?: MintOptions): Promise<string>;
  /** New RS256 and ES256 keys with new kids; the old ones stay in the JWKS unless `retireOld`. */
  rotate(options?: { retireOld?: boolean }): Promise<void>;
  /** The current kid of each algorithm. */
  kids(): Record<SigningAlg, string>;
  /** The current public key of `alg` as a PEM (SPKI), e.g. for an HMAC forgery. */
  publicKeyPem(alg?: SigningAlg): Promise<string>;
  /** An unsigned token (`alg: none`, empty signature) for these claims (iss, aud, exp added as mint does). */
  unsigned(claims: Record<string, unknown>, options?: MintOptions): string;
  /** An HS256 token whose HMAC key is the bytes of the current RS256 public key's PEM (a key-confusion forgery). */
  hmacWithPublicKey(claims: Record<string, unknown>, options?: MintOptions): Promise<string>;
  /** How many times each document was fetched (GET). */
  requests: { discovery: number; jwks: number };
  /** Makes the issuer answer every request with this status (e.g. 500), or normally again (undefined). */
  failWith(status: number | undefined): void;
  /** Replaces what the discovery document says (e.g. an http: jwks_uri); undefined: the real one again. */
  overrideDiscovery(document: Record<string, unknown> | undefined): void;
  /** Closes the server and removes the CA file. */
  stop(): Promise<void>;
}

interface Key {
  alg: SigningAlg;
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

let serial = 0;

async function newKey(alg: SigningAlg): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `${alg.toLowerCase()}-${++serial}-${randomBytes(4).toString("hex")}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  return { alg, kid, privateKey, publicKey, jwk };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const pem = (label: string, der: ArrayBuffer) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .replace(/\n$/, "")}\n-----END ${label}-----\n`;

/** A CA and a server certificate for 127.0.0.1 and localhost signed by it, both ECDSA P-256, valid for a day. */
async function throwawayTls(): Promise<{ ca: string; cert: string; key: string }> {
  const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
  const subtle = webcrypto.subtle;
  const caKeys = (await subtle.generateKey(alg, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 24 * 3600_000);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8)
      .toString("hex")
      .replace(/^[89a-f]/, "1"),
    name: "CN=jux test OIDC CA",
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const leafKeys = (await subtle.generateKey(alg, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: randomBytes(8)
      .toString("hex")
      .replace(/^[89a-f]/, "1"),
    subject: "CN=localhost",
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingKey: caKeys.privateKey,
    publicKey: leafKeys.publicKey,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: "dns", value: "localhost" },
        { type: "ip", value: "127.0.0.1" },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  const key = pem("PRIVATE KEY", await subtle.exportKey("pkcs8", leafKeys.privateKey));
  return { ca: ca.toString("pem") + "\n", cert: leaf.toString("pem") + "\n", key };
}

/** Starts an issuer on https://127.0.0.1:<free port>. */
export async function startOidcIssuer(options: { audience?: string } = {}): Promise<OidcIssuer> {
  const audience = options.audience ?? "jux-test";
  const tls = await throwawayTls();
  const dir = mkdtempSync(join(tmpdir(), "jux-oidc-"));
  const caFile = join(dir, "ca.pem");
  writeFileSync(caFile, tls.ca);
  let current: Record<SigningAlg, Key> = { RS256: await newKey("RS256"), ES256: await newKey("ES256") };
  let published: Key[] = [current.RS256, current.ES256];
  const requests = { discovery: 0, jwks: 0 };
  let failing: number | undefined;
  let discoveryOverride: Record<string, unknown> | undefined;
  let issuer = "";

  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (path === "/.well-known/openid-configuration") requests.discovery++;
    else if (path === "/jwks") requests.jwks++;
    if (failing !== undefined) return json(failing, { error: "failing on purpose" });
    if (path === "/.well-known/openid-configuration")
      return json(
        200,
        discoveryOverride ?? {
          issuer,
          jwks_uri: `${issuer}/jwks`,
          subject_types_supported: ["public", "pairwise"],
          response_types_supported: ["id_token"],
          id_token_signing_alg_values_supported: ["RS256", "ES256"],
          claims_supported: ["sub", "aud", "exp", "iat", "iss", "repository", "ref", "workflow"],
          scopes_supported: ["openid"],
        },
      );
    if (path === "/jwks") return json(200, { keys: published.map((k) => k.jwk) });
    json(404, { error: "not found" });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const payloadOf = (claims: Record<string, unknown>, o: MintOptions) => {
    const now = Math.floor(Date.now() / 1000);
    const aud = o.audience === undefined ? audience : o.audience;
    return {
      iss: o.issuer ?? issuer,
      ...(aud === null ? {} : { aud }),
      iat: o.issuedAt ?? now,
      exp: now + (o.expiresIn ?? 300),
      ...(o.notBefore !== undefined ? { nbf: now + o.notBefore } : {}),
      ...claims,
    };
  };

  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    jwksUri: `${issuer}/jwks`,
    audience,
    ca: tls.ca,
    caFile,
    requests,
    async mint(claims, o = {}) {
      const key = current[o.alg ?? "RS256"];
      return new SignJWT(payloadOf(claims, o))
        .setProtectedHeader({ typ: "JWT", ...o.header, alg: key.alg, kid: o.kid ?? key.kid })
        .sign(key.privateKey);
    },
    async rotate({ retireOld = false } = {}) {
      const next = { RS256: await newKey("RS256"), ES256: await newKey("ES256") };
      published = [next.RS256, next.ES256, ...(retireOld ? [] : published)];
      current = next;
    },
    kids: () => ({ RS256: current.RS256.kid, ES256: current.ES256.kid }),
    publicKeyPem: (alg = "RS256") => exportSPKI(current[alg].publicKey),
    unsigned(claims, o = {}) {
      return `${b64({ typ: "JWT", ...o.header, alg: "none" })}.${b64(payloadOf(claims, o))}.`;
    },
    async hmacWithPublicKey(claims, o = {}) {
      const secret = await exportSPKI(current.RS256.publicKey);
      const signing = `${b64({ typ: "JWT", ...o.header, alg: "HS256", kid: o.kid ?? current.RS256.kid })}.${b64(payloadOf(claims, o))}`;
      return `${signing}.${createHmac("sha256", secret).update(signing).digest("base64url")}`;
    },
    failWith(status) {
      failing = status;
    },
    overrideDiscovery(document) {
      discoveryOverride = document;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface GithubClaimsInput {
  /** OWNER/REPO (default octo-org/octo-repo). */
  repository?: string;
  /** refs/heads/main unless given. */
  ref?: string;
  /** The workflow's name (default CI). */
  workflow?: string;
  /** The sub's context after the repository: default `ref:<ref>` (`pull_request`, `environment:prod`, ...). */
  subContext?: string;
  sha?: string;
  runId?: string;
  runAttempt?: string;
  actor?: string;
  eventName?: string;
  /** Claims added or replaced last. */
  extra?: Record<string, unknown>;
}

/** The claims of a GitHub Actions ID token (the shape token.actions.githubusercontent.com issues). */
export function githubClaims(input: GithubClaimsInput = {}): Record<string, unknown> {
  const repository = input.repository ?? "octo-org/octo-repo";
  const [owner] = repository.split("/");
  const ref = input.ref ?? "refs/heads/main";
  const workflow = input.workflow ?? "CI";
  const workflowRef = `${repository}/.github/workflows/ci.yml@${ref}`;
  return {
    sub: `repo:${repository}:${input.subContext ?? `ref:${ref}`}`,
    repository,
    repository_id: "123456789",
    repository_owner: owner,
    repository_owner_id: "987654",
    repository_visibility: "private",
    workflow,
    workflow_ref: workflowRef,
    workflow_sha: input.sha ?? "0123456789abcdef0123456789abcdef01234567",
    job_workflow_ref: workflowRef,
    job_workflow_sha: input.sha ?? "0123456789abcdef0123456789abcdef01234567",
    ref,
    ref_type: ref.startsWith("refs/tags/") ? "tag" : "branch",
    ref_protected: "false",
    sha: input.sha ?? "0123456789abcdef0123456789abcdef01234567",
    run_id: input.runId ?? "4242",
    run_number: "7",
    run_attempt: input.runAttempt ?? "1",
    runner_environment: "github-hosted",
    actor: input.actor ?? "octocat",
    actor_id: "1",
    event_name: input.eventName ?? "push",
    ...input.extra,
  };
}
