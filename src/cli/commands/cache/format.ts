import type { StoredEntry } from "../../../core/store/store.js";
import { runStatus, type RunStatus } from "../../../core/junit/outcome.js";

/** An ISO date-time to the minute, with a space for the T. */
export function when(iso: string): string {
  return iso.replace("T", " ").slice(0, 16);
}

export function countsText(e: StoredEntry): string {
  return `${e.tests} tests, ${e.failures} failed, ${e.errors} errors, ${e.skipped} skipped`;
}

export function withStatus(e: StoredEntry): StoredEntry & { status: RunStatus } {
  return { ...e, status: runStatus(e) };
}

/** A size in B below 1 KiB, else in KB, MB, GB or TB (powers of 1024) with one decimal. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
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
