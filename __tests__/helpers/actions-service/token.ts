/**
 * The Actions runtime token: an HS256 JWT like the one the runner hands a job, with the backend ids in `scp`
 * (read, unverified, by @actions/artifact) and the cache permissions per ref in `ac` (as act and Gitea sign it).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Bits of `Permission` in an `ac` entry. */
export const READ = 1;
export const WRITE = 2;

export interface CacheScope {
  Scope: string;
  Permission: number;
}

export interface RuntimeClaims {
  /** "Actions.GenericRead:... Actions.Results:<runBackendId>:<jobBackendId>" */
  scp: string;
  /** JSON text of CacheScope[] (a string claim, as the real token carries it). */
  ac: string;
  iat: number;
  exp: number;
  iss: string;
  aud: string;
}

export interface Job {
  runBackendId: string;
  jobBackendId: string;
  scopes: CacheScope[];
}

const base64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

export class TokenSigner {
  readonly #key = randomBytes(32);

  sign(job: Job, lifetimeSeconds = 6 * 3600): string {
    const now = Math.floor(Date.now() / 1000);
    const claims: RuntimeClaims = {
      scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${job.runBackendId}:${job.jobBackendId}`,
      ac: JSON.stringify(job.scopes),
      iat: now,
      exp: now + lifetimeSeconds,
      iss: "vstoken.actions.githubusercontent.com",
      aud: "vso:actions-service-emulation",
    };
    const head = base64url(JSON.stringify({ typ: "JWT", alg: "HS256" }));
    const body = base64url(JSON.stringify(claims));
    return `${head}.${body}.${this.#mac(`${head}.${body}`)}`;
  }

  /** The job a bearer token stands for, or a one-line reason it is refused. */
  verify(authorization: string | undefined): Job | string {
    const match = /^Bearer (\S+)$/i.exec(authorization ?? "");
    if (!match) return "no bearer token";
    const [head, body, mac] = match[1]!.split(".");
    if (!head || !body || !mac) return "the token is not a JWT";
    const expected = Buffer.from(this.#mac(`${head}.${body}`));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return "the token signature is invalid";
    let claims: Partial<RuntimeClaims>;
    try {
      claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Partial<RuntimeClaims>;
    } catch {
      return "the token claims are not JSON";
    }
    if (typeof claims.exp !== "number" || claims.exp * 1000 < Date.now()) return "the token has expired";
    const results = (claims.scp ?? "").split(" ").find((s) => s.startsWith("Actions.Results:"));
    const [, runBackendId, jobBackendId] = results?.split(":") ?? [];
    if (!runBackendId || !jobBackendId) return "the token has no Actions.Results scope";
    let scopes: CacheScope[];
    try {
      scopes = JSON.parse(claims.ac ?? "[]") as CacheScope[];
    } catch {
      return "the token's ac claim is not JSON";
    }
    return { runBackendId, jobBackendId, scopes };
  }

  #mac(data: string): string {
    return createHmac("sha256", this.#key).update(data).digest("base64url");
  }
}
