/**
 * Short-lived bearer tokens for the Jux API client (e.g. a CI's OIDC token): asked for when first needed, reused
 * while they have time left, asked for again before they expire or after the server refused one.
 */
import { errorMessage } from "../errors.js";

/** Where the client takes its bearer token from before each request. */
export interface BearerSource {
  /** A token good for a while yet; throws, with words naming the problem and its fix, when none can be had. */
  token(): Promise<string>;
  /**
   * The server refused `token` (401). True when another token is worth a try (the next token() gives a newer
   * one); false when a token just renewed after a refusal is refused too: the server refuses this job's tokens.
   */
  refused(token: string): boolean;
  /** The server accepted `token`: a later refusal of it may be its expiry or a key rotation, worth a new token. */
  accepted(token: string): void;
}

/** When a token's remaining lifetime falls below this, a new one is asked for before the next request. */
export const RENEW_MARGIN_MS = 60_000;

/** Three base64url parts: what a bearer value is when it is a JWT (an OIDC ID token) rather than an API key. */
export function looksLikeJwt(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
}

/** A JWT's claims, read without verifying anything; undefined when its payload is not a JSON object. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split(".")[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown;
    return claims !== null && typeof claims === "object" ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The `exp` claim of a JWT in ms since the epoch, read without verifying anything; undefined when it has none. */
export function jwtExpiry(token: string): number | undefined {
  const exp = jwtClaims(token)?.exp;
  return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
}

export interface RenewedTokensOptions {
  now?: () => number;
  marginMs?: number;
}

/**
 * Tokens from `request`, each reused until less than `marginMs` of it is left (by its JWT `exp`; a token without
 * one is reused until refused). Concurrent callers share one request. A failed request is final for this object
 * (one object per batch): every later token() throws the same error at once, so a job without the permission
 * does not ask once per report. `problem` keeps that failure's words for the step's report.
 */
export class RenewedTokens implements BearerSource {
  /** `suspect`: asked for after a refusal and not accepted yet. */
  private current?: { token: string; expiresAt?: number; suspect: boolean };
  private renewingAfterRefusal = false;
  private pending?: Promise<string>;
  private failure?: Error;
  /** How many tokens were asked for (and obtained or not). */
  requests = 0;
  private readonly now: () => number;
  private readonly marginMs: number;

  constructor(
    private readonly request: () => Promise<string>,
    options: RenewedTokensOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.marginMs = options.marginMs ?? RENEW_MARGIN_MS;
  }

  /** Why no token could be had, if a request failed. */
  get problem(): string | undefined {
    return this.failure?.message;
  }

  token(): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    const held = this.current;
    if (held && (held.expiresAt === undefined || held.expiresAt - this.now() >= this.marginMs))
      return Promise.resolve(held.token);
    return (this.pending ??= this.renew());
  }

  refused(token: string): boolean {
    if (this.failure) return false;
    // Another caller already dropped it: a newer token is held or on its way.
    if (this.current?.token !== token) return true;
    if (this.current.suspect) return false;
    this.current = undefined;
    this.renewingAfterRefusal = true;
    return true;
  }

  accepted(token: string): void {
    if (this.current?.token === token) this.current.suspect = false;
  }

  private async renew(): Promise<string> {
    this.requests++;
    const suspect = this.renewingAfterRefusal;
    this.renewingAfterRefusal = false;
    try {
      const token = await this.request();
      const expiresAt = jwtExpiry(token);
      this.current = { token, suspect, ...(expiresAt !== undefined ? { expiresAt } : {}) };
      return token;
    } catch (e) {
      this.failure = e instanceof Error ? e : new Error(errorMessage(e));
      throw this.failure;
    } finally {
      this.pending = undefined;
    }
  }
}
