import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { problem } from "./errors.js";
import { oidcClient, type Publisher } from "../oidc-claims.js";
import { looksLikeJwt, type OidcVerifier } from "../oidc.js";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** The API key a request carries (`Authorization: Bearer`, else `X-API-Key`), trimmed; undefined: none. */
export function givenKey(headers: IncomingHttpHeaders): string | undefined {
  return (
    headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ??
    (headers["x-api-key"] as string | undefined)?.trim()
  );
}

/** The configured token a request carries; 401 without one, 403 with one that is not configured. */
export function authenticate(headers: IncomingHttpHeaders, tokens: string[]): string {
  const given = givenKey(headers);
  if (!given)
    throw problem(401, "Authentication required", "This server needs an API key", [
      "Send 'Authorization: Bearer <api key>'",
    ]);
  const match = tokens.find((t) => timingSafeEqual(digest(t), digest(given)));
  if (!match)
    throw problem(403, "Invalid API key", "The API key is not valid for this server", [
      looksLikeJwt(given)
        ? "The value looks like an OIDC token, but this server takes none (no --oidc-issuer): send an API key, or ask its operator to start jux serve with --oidc-issuer"
        : "Check the api_key (JUX_API_KEY) you configured",
    ]);
  return match;
}

/** Who submits: the client that scopes Idempotency-Keys and the rate limit, and the publisher recorded with the run. */
export interface Client {
  id: string;
  publisher?: Publisher;
}

/**
 * A request's client on a server that needs authentication: a configured API key is one; else a Bearer value that
 * is a JWT is an OIDC token when `oidc` is configured, anything else an API key (401 without either, 403 for a key
 * that is not configured).
 */
export async function authenticateClient(
  headers: IncomingHttpHeaders,
  tokens: string[],
  oidc: OidcVerifier | undefined,
): Promise<Client> {
  const given = givenKey(headers);
  const isKey = given !== undefined && tokens.some((t) => timingSafeEqual(digest(t), digest(given)));
  if (given && oidc && !isKey && looksLikeJwt(given)) {
    const publisher = await oidc.verify(given);
    return { id: oidcClient(publisher), publisher };
  }
  if (oidc && !tokens.length)
    throw problem(
      401,
      "Authentication required",
      given
        ? "This server accepts OIDC tokens only, and the bearer value is not a JWT"
        : "This server needs an OIDC token",
      [
        `Send 'Authorization: Bearer <ID token>' with a token of ${oidc.config.issuer} for audience "${oidc.config.audience}"`,
      ],
    );
  return { id: authenticate(headers, tokens), publisher: { method: "api-key" } };
}

/** An Idempotency-Key scoped to its client: one API key's key never replays another's response. */
export function clientScopedKey(client: string, given: string | undefined): string | undefined {
  return given && `${digest(client).toString("hex").slice(0, 16)}:${given}`;
}
