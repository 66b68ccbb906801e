/**
 * Verifies OIDC ID tokens (a CI's JWT: GitHub Actions, GitLab CI `id_tokens`) for `jux serve --oidc-issuer`: the
 * signature against the issuer's JWKS (found through its discovery document, over HTTPS only, cached, fetched again
 * for an unknown kid at most once per cooldown), iss, aud, exp/nbf with a small skew, RS256/ES256 only, then the
 * --oidc-allow patterns. A refusal is an HttpError (401, 403; 503 when the issuer cannot be reached).
 */
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type FlattenedJWSInput,
} from "jose";
import { HttpError, problem } from "./http/errors.js";
import { fetchJson, JsonFetchError } from "./http/https-json.js";
import { allowedBy, publisherOf, type ClaimPattern, type Publisher } from "./oidc-claims.js";

export interface OidcConfig {
  /** The issuer's URL (https:), as its tokens' `iss` says it. */
  issuer: string;
  /** The `aud` tokens must carry. */
  audience: string;
  /** At least one: a token whose claims match none is refused (403). */
  allow: readonly ClaimPattern[];
}

export interface OidcOptions {
  /** Extra CA (PEM) for the issuer's HTTPS (tests in-process; processes use NODE_EXTRA_CA_CERTS). */
  ca?: string;
  /** Time after which the discovery document and JWKS are fetched again (default 10 min). */
  maxAgeMs?: number;
  /** Least time between two fetches of the JWKS for unknown kids (default 10 s). */
  cooldownMs?: number;
  /** Per fetch (default 5 s). */
  timeoutMs?: number;
  clock?: () => number;
  log: (line: string) => void;
}

/** The algorithms accepted: asymmetric only (`none` and HMAC, whose key would be public, are refused). */
export const OIDC_ALGORITHMS = ["RS256", "ES256"];
/** Seconds of clock skew allowed on exp, nbf and iat. */
export const CLOCK_SKEW_S = 60;
/** Seconds a client is asked to wait when the issuer cannot be reached. */
export const ISSUER_RETRY_AFTER_S = 30;
const MAX_DOCUMENT_BYTES = 256 * 1024;
/** Oldest `iat` accepted (a CI job's token is hours old at most); also refuses an `iat` in the future. */
const MAX_TOKEN_AGE = "24h";

export { looksLikeJwt } from "../core/publish/bearer.js";

function refused(message: string, fix: string): HttpError {
  return problem(401, "Invalid OIDC token", message, [fix]);
}

function unavailable(message: string, retryAfterS = ISSUER_RETRY_AFTER_S): HttpError {
  const error = problem(503, "OIDC issuer unavailable", message, [
    "Retry after Retry-After seconds; if it lasts, the server's operator checks that jux serve reaches the issuer over HTTPS",
  ]);
  error.headers = { "Retry-After": String(retryAfterS) };
  return error;
}

/**
 * A token whose kid the JWKS lacked when last fetched, within the cooldown: it may be a key the issuer published
 * since (a rotation), so the client is asked to come back when the JWKS may be fetched again.
 */
function keyNotYetKnown(kid: string | undefined, waitMs: number): HttpError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const error = problem(
    503,
    "OIDC key not known yet",
    `No key of the issuer's JWKS matches the token (kid ${JSON.stringify(kid ?? "none")}), and the JWKS was fetched less than ${seconds} s ago; it may be fetched again in ${seconds} s`,
    ["Retry after Retry-After seconds (a key the issuer has just rotated in is then known)"],
  );
  error.headers = { "Retry-After": String(seconds) };
  return error;
}

interface Keys {
  /** The JWKS's key for a header (jose keeps each key imported once). */
  find: ReturnType<typeof createLocalJWKSet>;
  kids: Set<string>;
  at: number;
}

export class OidcVerifier {
  private discovery: { jwksUri: string; at: number } | undefined;
  private keys: Keys | undefined;
  private loading: Promise<Keys> | undefined;
  private lastRefresh = -Infinity;
  private lastFailure = -Infinity;
  private readonly maxAgeMs: number;
  private readonly cooldownMs: number;
  private readonly clock: () => number;

  constructor(
    readonly config: OidcConfig,
    private readonly options: OidcOptions,
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.cooldownMs = options.cooldownMs ?? 10_000;
    this.clock = options.clock ?? Date.now;
  }

  /** The publisher a valid, allowed token stands for; else the refusal (never naming the token itself). */
  async verify(token: string): Promise<Publisher> {
    const { header } = this.precheck(token);
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, (header, input) => this.key(header, input), {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: OIDC_ALGORITHMS,
        clockTolerance: CLOCK_SKEW_S,
        requiredClaims: ["exp", "sub"],
        maxTokenAge: MAX_TOKEN_AGE,
        currentDate: new Date(this.clock()),
      }));
    } catch (e) {
      throw this.explain(e, header);
    }
    if (!allowedBy(this.config.allow, payload)) {
      const who = [`sub "${String(payload.sub)}"`];
      if (typeof payload.repository === "string") who.push(`repository "${payload.repository}"`);
      // The patterns go to the log only: anyone can mint a valid token for this audience and would read them.
      this.options.log(
        `OIDC token refused: its ${who.join(", ")} match(es) none of --oidc-allow ${this.config.allow.map((p) => p.text).join(", ")}`,
      );
      throw problem(
        403,
        "OIDC token not allowed",
        `The token is valid but its ${who.join(", ")} match(es) no --oidc-allow pattern of this server`,
        [
          "Ask the server's operator to add a --oidc-allow pattern for this repository, branch or environment",
        ],
      );
    }
    return publisherOf(this.config.issuer, payload);
  }

  /**
   * The checks that need no key, made first so that their refusal is precise and a foreign token costs no fetch:
   * a JWT at all, an accepted algorithm, this issuer, this audience, not expired.
   */
  private precheck(token: string): { header: JWSHeaderParameters; claims: Record<string, unknown> } {
    let header: JWSHeaderParameters;
    let claims: Record<string, unknown>;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      throw refused("The bearer value is not a readable JWT", "Send the CI's ID token itself, or an API key");
    }
    if (!OIDC_ALGORITHMS.includes(String(header.alg)))
      throw refused(
        `The token is signed with alg "${String(header.alg)}"; jux serve accepts ${OIDC_ALGORITHMS.join(" and ")} only (never none or HMAC)`,
        "Use the ID token your CI issues (GitHub Actions and GitLab sign with RS256)",
      );
    if (claims.iss !== this.config.issuer)
      throw refused(
        `The token's issuer is ${JSON.stringify(claims.iss)}; jux serve trusts ${this.config.issuer}`,
        "Request the token from the issuer the server trusts, or start jux serve with --oidc-issuer set to this issuer",
      );
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.includes(this.config.audience))
      throw refused(
        `The token's audience is ${JSON.stringify(claims.aud)}; jux serve expects "${this.config.audience}"`,
        `Request the token for audience "${this.config.audience}" (the action's oidc_audience; GitLab's id_tokens aud)`,
      );
    const now = Math.floor(this.clock() / 1000);
    if (typeof claims.exp === "number" && claims.exp < now - CLOCK_SKEW_S)
      throw refused(
        `The token expired at ${new Date(claims.exp * 1000).toISOString()} (${now - claims.exp} s ago)`,
        "Request a fresh token just before publishing (ID tokens live minutes)",
      );
    return { header, claims };
  }

  /** A jose failure as the reason a client can act on. */
  private explain(e: unknown, header: JWSHeaderParameters): HttpError {
    if (e instanceof HttpError) return e;
    if (e instanceof errors.JWKSNoMatchingKey)
      return refused(
        `No key of the issuer's JWKS matches the token (kid ${JSON.stringify(header.kid ?? "none")})`,
        "Request a fresh token; if it persists, the token was not signed by this issuer",
      );
    if (e instanceof errors.JWSSignatureVerificationFailed)
      return refused(
        "The token's signature does not verify with the issuer's key",
        "Send the token as issued, unaltered",
      );
    if (e instanceof errors.JWTExpired && e.claim === "iat")
      return refused(
        `The token's "iat" claim is too old: it was issued more than ${MAX_TOKEN_AGE} ago`,
        "Request a fresh token just before publishing",
      );
    if (e instanceof errors.JWTExpired)
      return refused("The token has expired", "Request a fresh token just before publishing");
    if (e instanceof errors.JWTClaimValidationFailed)
      return refused(
        `The token's "${e.claim}" claim is not acceptable (${e.reason}): ${e.message}`,
        e.claim === "nbf" || e.claim === "iat"
          ? "Check the clocks of the CI runner and the server"
          : "Request the token your CI issues for this server",
      );
    if (e instanceof errors.JOSEError)
      return refused(`The token is not acceptable: ${e.message}`, "Send the CI's ID token itself, unaltered");
    throw e;
  }

  /** The key for a token's header, from the cached JWKS, fetched again once for an unknown kid (cooldown). */
  private async key(header: JWSHeaderParameters, input: FlattenedJWSInput) {
    const { find, kids } = await this.current();
    try {
      return await find(header, input);
    } catch (e) {
      if (!(e instanceof errors.JWKSNoMatchingKey)) throw e;
      // A kid the JWKS has, for another algorithm: no fetch can make this token good.
      if (header.kid !== undefined && kids.has(header.kid))
        throw refused(
          `The issuer's key ${JSON.stringify(header.kid)} is not a key for alg "${String(header.alg)}"`,
          "Send the token as issued, unaltered",
        );
      const wait = this.lastRefresh + this.cooldownMs - this.clock();
      if (wait > 0) throw keyNotYetKnown(header.kid, wait);
      this.lastRefresh = this.clock();
      return (await this.load(true)).find(header, input);
    }
  }

  /** The JWKS, cached for maxAgeMs; a stale copy is used while the issuer cannot be reached. */
  private async current(): Promise<Keys> {
    if (this.keys && this.clock() - this.keys.at < this.maxAgeMs) return this.keys;
    // After a failed fetch, none for a cooldown: the stale copy serves at once, or the client is told to wait
    // (a stream of forged tokens must not become a stream of fetches, nor of log lines).
    const wait = this.lastFailure + this.cooldownMs - this.clock();
    if (wait > 0) {
      if (this.keys) return this.keys;
      throw unavailable(
        "The server could not fetch its OIDC issuer's keys moments ago; try again shortly",
        Math.ceil(wait / 1000),
      );
    }
    try {
      return await this.load(false);
    } catch (e) {
      if (this.keys) return this.keys;
      throw e;
    }
  }

  /** Fetches the JWKS (and the discovery document when it is old), one fetch at a time. */
  private load(refresh: boolean): Promise<Keys> {
    this.loading ??= this.fetchKeys(refresh)
      .catch((e: unknown) => {
        this.lastFailure = this.clock();
        throw e;
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async fetchKeys(refresh: boolean): Promise<Keys> {
    const now = this.clock();
    if (!this.discovery || (!refresh && now - this.discovery.at >= this.maxAgeMs))
      this.discovery = { jwksUri: await this.jwksUri(), at: now };
    const jwks = await this.fetch(this.discovery.jwksUri, "JWKS");
    if (!jwks || typeof jwks !== "object" || !Array.isArray((jwks as JSONWebKeySet).keys))
      throw this.misconfigured(`the JWKS at ${this.discovery.jwksUri} has no "keys" array`);
    let find: Keys["find"];
    try {
      find = createLocalJWKSet(jwks as JSONWebKeySet);
    } catch (e) {
      throw this.misconfigured(
        `the JWKS at ${this.discovery.jwksUri} is malformed (${(e as Error).message})`,
      );
    }
    const kids = new Set(
      (jwks as JSONWebKeySet).keys.flatMap((k) => (typeof k?.kid === "string" ? [k.kid] : [])),
    );
    this.keys = { find, kids, at: now };
    return this.keys;
  }

  /** The jwks_uri of the discovery document, which must name this issuer and an https: JWKS. */
  private async jwksUri(): Promise<string> {
    const url = `${this.config.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
    const doc = (await this.fetch(url, "discovery document")) as Record<string, unknown> | null;
    if (!doc || typeof doc !== "object") throw this.misconfigured(`${url} is not a JSON object`);
    if (doc.issuer !== this.config.issuer)
      throw this.misconfigured(
        `${url} names issuer ${JSON.stringify(doc.issuer)}, not ${this.config.issuer}`,
      );
    if (typeof doc.jwks_uri !== "string" || !doc.jwks_uri.startsWith("https://"))
      throw this.misconfigured(
        `${url} gives jwks_uri ${JSON.stringify(doc.jwks_uri)}: jux serve fetches keys over https: only`,
      );
    return doc.jwks_uri;
  }

  private async fetch(url: string, what: string): Promise<unknown> {
    try {
      return await fetchJson(url, {
        timeoutMs: this.options.timeoutMs ?? 5000,
        maxBytes: MAX_DOCUMENT_BYTES,
        ...(this.options.ca ? { ca: this.options.ca } : {}),
      });
    } catch (e) {
      if (!(e instanceof JsonFetchError)) throw e;
      this.options.log(`error: the OIDC issuer's ${what} cannot be fetched: ${e.message}`);
      throw unavailable(
        `The server cannot fetch its OIDC issuer's ${what} (${e.message}); try again shortly`,
      );
    }
  }

  private misconfigured(reason: string): HttpError {
    this.options.log(`error: the OIDC issuer is misconfigured: ${reason}`);
    return unavailable(`The server cannot use its OIDC issuer: ${reason}`);
  }
}
