import type { StoredEntry } from "../../../core/store/store.js";
import { runStatus, type RunStatus } from "../../../core/junit/outcome.js";

/** An ISO date-time to the minute, with a space for the T. */
export function when(iso: string): string {
  return iso.replace("T", " ").slice(0, 16);
}

export function countsText(e: StoredEntry): string {
  return `${e.tests} test${e.tests === 1 ? "" : "s"}, ${e.failures} failed, ${e.errors} error${e.errors === 1 ? "" : "s"}, ${e.skipped} skipped`;
}

export function withStatus(e: StoredEntry): StoredEntry & { status: RunStatus } {
  return { ...e, status: runStatus(e) };
}

/**
 * A size as max_size reads one (core/config/size.ts: kB, MB, GB are powers of 1000): bytes below 1 kB, else
 * kB, MB, GB or TB with one decimal, so that max_size = 12KB shows as 12.0 kB.
 */
export function bytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let v = n / 1000;
  let u = 0;
  while (v >= 999.95 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

/** An age, rounded down: seconds below 2 min, minutes below 2 h, hours below 2 days, then days. */
export function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} days`;
}
