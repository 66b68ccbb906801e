import { ReportStore, type LimitWarning, type OpenOptions } from "../../../core/store/store.js";
import type { JuxConfig } from "../../../core/config/index.js";
import { UsageError, writeLine, type CliIo } from "../../../core/command/io.js";
import { settingsOf, storageBase } from "../../settings.js";
import { bytes } from "./format.js";

/** The options every `jux cache` subcommand takes. */
export const COMMON = {
  "storage-path": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export const STORE_NOTE = `The store is --storage-path DIR, else $JUX_STORAGE_PATH, else $XDG_DATA_HOME/jux (~/.local/share/jux;
macOS ~/Library/Application Support/jux; Windows %LOCALAPPDATA%\\jux), shared with pytest-jux.`;

/** A subcommand's help, followed by where the store is; exit 0. */
export function printHelp(io: CliIo, usage: string): number {
  io.stdout.write(`${usage}\n${STORE_NOTE}\n`);
  return 0;
}

/** The positionals when there are exactly as many as `names`, else a usage error naming what was expected. */
export function exactPositionals(sub: string, given: string[], names: string[]): string[] {
  if (given.length !== names.length) {
    const got = given.length ? given.map((g) => `"${g}"`).join(" ") : "nothing";
    const expected = names.length ? names.join(" ") : "no arguments, only options";
    throw new UsageError(`jux cache ${sub}: expected ${expected}, got ${got} (see jux cache ${sub} --help)`);
  }
  return given;
}

/** `value` when it is one of `allowed` (or absent), else a usage error listing them. */
export function choice<T extends string>(
  sub: string,
  name: string,
  value: string | undefined,
  allowed: readonly T[],
) {
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
  throw new UsageError(`jux cache ${sub}: --${name} must be one of ${allowed.join(", ")}, not "${value}"`);
}

/** A limit's figure in words: a size for max_size, a number of reports for max_reports. */
function figure(w: LimitWarning, n: number): string {
  return w.limit === "max_size" ? bytes(n) : `${n} report${n === 1 ? "" : "s"}`;
}

/** What rotation removes, in every mode: a report only kept (in local mode none is ever published). */
const OLDEST = "the oldest stored reports (never a queued or rejected one)";

/** One line on stderr for a warning of the store's limits (limits.ts); "warning:" as every jux warning. */
export function limitWarningLine(w: LimitWarning): string {
  switch (w.kind) {
    case "near":
      return (
        `warning: the store holds ${figure(w, w.current)}, ${Math.floor((100 * w.current) / w.max)} % of its ` +
        `${w.limit} ${figure(w, w.max)}; past it ${OLDEST} are removed: raise ${w.limit}, ` +
        `or remove reports yourself (jux cache clean --days N)`
      );
    case "rotated":
      return (
        `removed ${w.removed === 1 ? "the oldest stored report" : `the ${w.removed} oldest stored reports`} ` +
        `(never a queued or rejected one) to keep the store within its ${w.limit} ${figure(w, w.max)}; it now ` +
        `holds ${figure(w, w.current)} (jux cache list shows them; raise ${w.limit} to keep more)`
      );
    case "pinned":
      return (
        `warning: the store is above its ${w.limit} ${figure(w, w.max)} and nothing was removed: its ${w.queued} ` +
        `queued and ${w.rejected} rejected report(s) alone hold ${figure(w, w.pinned)}, and a queued or ` +
        `rejected report is never removed: publish the queue (jux cache push), or raise ${w.limit}`
      );
  }
}

/** The store's options from the configuration (compress, max_size, max_reports), its warnings on stderr. */
export function storeOptions(
  config: Pick<JuxConfig, "compress" | "maxSize" | "maxReports">,
  io: CliIo,
): OpenOptions {
  return {
    compress: config.compress,
    limits: {
      ...(config.maxSize !== undefined ? { maxBytes: config.maxSize } : {}),
      ...(config.maxReports !== undefined ? { maxReports: config.maxReports } : {}),
    },
    onWarning: (w) => writeLine(io.stderr, limitWarningLine(w)),
  };
}

/** The store of a `jux cache` command: --storage-path, else storage_path; compress and limits as configured. */
export async function openStore(
  values: { "storage-path"?: string | undefined },
  io: CliIo,
): Promise<ReportStore> {
  const { config } = await settingsOf(io);
  const explicit = values["storage-path"];
  return ReportStore.open(storageBase(explicit ?? config.storagePath, io), storeOptions(config, io));
}
