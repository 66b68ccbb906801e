import { ReportStore } from "../../../core/store/store.js";
import { UsageError, type CliIo } from "../../../core/command/io.js";
import { storageBaseOf } from "../../settings.js";

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

export async function openStore(
  values: { "storage-path"?: string | undefined },
  io: CliIo,
): Promise<ReportStore> {
  return ReportStore.open(await storageBaseOf(values["storage-path"], io));
}
