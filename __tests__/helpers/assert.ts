import { statSync } from "node:fs";

/** The error a promise rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (outcome === undefined) throw new Error("expected a rejection");
  return outcome;
}

export function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}
