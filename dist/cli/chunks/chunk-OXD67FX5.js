import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  runStatus
} from "./chunk-J5DVWMKE.js";

// src/cli/commands/cache/format.ts
function when(iso) {
  return iso.replace("T", " ").slice(0, 16);
}
function countsText(e) {
  return `${e.tests} test${e.tests === 1 ? "" : "s"}, ${e.failures} failed, ${e.errors} error${e.errors === 1 ? "" : "s"}, ${e.skipped} skipped`;
}
function withStatus(e) {
  return { ...e, status: runStatus(e) };
}
function bytes(n) {
  if (n < 1e3) return `${n} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let v = n / 1e3;
  let u = 0;
  while (v >= 999.95 && u < units.length - 1) {
    v /= 1e3;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}
function duration(seconds) {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} days`;
}

export {
  when,
  countsText,
  withStatus,
  bytes,
  duration
};
