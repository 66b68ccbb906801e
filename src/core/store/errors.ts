import { osReason } from "../errors.js";
import { LockBusyError, LockError } from "../fs/lock.js";

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

/** The store's words for a failure of its lock file: StoreLockedError when busy, else a StoreError. */
export function storeLockError(err: unknown): unknown {
  if (err instanceof LockBusyError)
    return new StoreLockedError(
      `${err.path}: the store is locked by ${err.holder}; gave up after ${err.waitedSeconds} s (remove the file if that process is gone)`,
    );
  if (err instanceof LockError) return new StoreError(err.message, { cause: err.cause });
  return err;
}
