import type { ErrorBody } from "../ingest.js";

/** A refusal: its status and the contract's error body. Thrown by the routes, answered by JuxApp. */
export class HttpError extends Error {
  /** Headers the answer carries (Retry-After, rate limits). */
  headers: Record<string, string> | undefined;

  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.error);
  }
}

/** An HttpError with the contract's `{error, details: {message}, suggestions}` body. */
export function problem(status: number, error: string, message: string, suggestions?: string[]): HttpError {
  return new HttpError(status, { error, details: { message }, ...(suggestions ? { suggestions } : {}) });
}

/** A 429: this client has used its submissions for the current minute. */
export class RateLimited extends HttpError {
  constructor(retryAfter: number, headers: Record<string, string>) {
    super(429, {
      error: "Rate limit exceeded",
      details: { message: `Too many submissions; retry in ${retryAfter} s`, retry_after: retryAfter },
      suggestions: ["Wait for Retry-After seconds before retrying"],
    });
    this.headers = headers;
  }
}
