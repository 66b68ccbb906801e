export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetIn: number;
}

/** A fixed one-minute window per client key (the token, or the address without one). */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): RateDecision {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= 60_000) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 10_000) this.forgetOld(t);
    }
    const resetIn = Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000));
    if (w.count >= this.perMinute) return { allowed: false, limit: this.perMinute, remaining: 0, resetIn };
    w.count++;
    return { allowed: true, limit: this.perMinute, remaining: this.perMinute - w.count, resetIn };
  }

  private forgetOld(t: number): void {
    for (const [key, w] of this.windows) if (t - w.start >= 60_000) this.windows.delete(key);
  }
}

/** Parses "100/min" or "100" (per minute). */
export function parseRate(text: string, source: string): number {
  const m = /^\s*(\d+)\s*(?:\/\s*(?:min|minute|m))?\s*$/i.exec(text);
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${source}: "${text}" is not a rate (use N/min, e.g. 100/min)`);
  return n;
}
