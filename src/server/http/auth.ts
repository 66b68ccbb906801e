import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { problem } from "./errors.js";

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
      "Check the api_key (JUX_API_KEY) you configured",
    ]);
  return match;
}

/** An Idempotency-Key scoped to its client: one API key's key never replays another's response. */
export function clientScopedKey(client: string, given: string | undefined): string | undefined {
  return given && `${digest(client).toString("hex").slice(0, 16)}:${given}`;
}
