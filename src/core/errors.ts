/** Turning thrown values into the words of a message: shared by every room. */

/** The `code` of a Node system error (ENOENT, EACCES...), if it has one. */
export function errnoCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** The message of any thrown value; duck-typed, since errors from Node's built-ins may come from another realm. */
export function errorMessage(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : String(err);
}

/** "permission denied (EACCES)" from a Node fs error, without the syscall and temp-file path. */
export function osReason(err: unknown): string {
  const code = errnoCode(err);
  const message = errorMessage(err);
  if (code === undefined) return message;
  const description = new RegExp(`^${code}: ([^,]+)`).exec(message)?.[1];
  return `${description ?? message} (${code})`;
}
