import { osReason } from "../errors.js";

/** A store operation that failed: one line naming the path and the reason. */
export class StoreError extends Error {
  override name = "StoreError";
}

/** The store's lock stayed held by another process for longer than the caller would wait. */
export class StoreLockedError extends StoreError {
  override name = "StoreLockedError";
  readonly code = "STORE_LOCKED";
}

/** `cannot <what> <path>: <reason>` as a StoreError; a StoreError passes through unchanged. */
export function storeError(what: string, path: string, err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const reason = osReason(err).replace(/^cannot write \S+: /, "");
  return new StoreError(`cannot ${what} ${path}: ${reason}`, { cause: err });
}
