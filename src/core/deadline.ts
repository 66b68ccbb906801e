/** A wait that must end: what a library's call gives, or a DeadlineError once `ms` passed. */
export class DeadlineError extends Error {
  override name = "DeadlineError";
}

/**
 * Resolves as `work` does, or rejects with `message` after `ms`. The work itself goes on (nothing here can cancel a
 * library's request): the caller carries on without it, and the step's end stops it.
 */
export async function within<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(message)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
