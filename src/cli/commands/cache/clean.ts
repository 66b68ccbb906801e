import { json, parse } from "../../../core/command/args.js";
import { UsageError, writeLine, type CliIo, type Command } from "../../../core/command/io.js";
import { progressOn } from "../../progress.js";
import { COMMON, exactPositionals, openStore, printHelp } from "./common.js";
import { aligned } from "../../format.js";
import { when, withStatus } from "./format.js";

const USAGE = `Usage: jux cache clean --days N [--keep-latest N] [--dry-run] [--storage-path DIR] [--json]
       jux cache clean --limits [--dry-run] [--storage-path DIR] [--json]

Removes the reports stored more than N days ago, except the newest --keep-latest. Queued and rejected
reports are never removed by clean. --limits applies max_size and max_reports now, as every write does:
the oldest stored reports go first, never a queued or rejected one (docs/store.md).

      --days N          remove the reports stored more than N days ago (N may be a fraction: 0.5)
      --keep-latest N   but keep the newest N of them
      --limits          apply max_size and max_reports instead of --days
      --dry-run         list what would be removed; remove nothing
      --json            the result as JSON
`;

const OPTIONS = {
  ...COMMON,
  days: { type: "string" },
  "keep-latest": { type: "string" },
  "dry-run": { type: "boolean" },
  limits: { type: "boolean" },
  json: { type: "boolean" },
} as const;

/** A decimal number >= 0 written plainly (no sign, exponent or hex), else a usage error. */
function count(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value))
    throw new UsageError(`jux cache clean: --${name} must be a number >= 0, not "${value}"`);
  return Number(value);
}

export const clean: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS, "cache clean", true);
  if (values.help) return printHelp(io, USAGE);
  exactPositionals("clean", positionals, []);
  if (values.limits) {
    if (values.days !== undefined || values["keep-latest"] !== undefined)
      throw new UsageError(
        "jux cache clean: --limits takes no --days or --keep-latest: give one or the other",
      );
    return cleanLimits(values, io);
  }
  const days = count("days", values.days);
  if (days === undefined)
    throw new UsageError(
      "jux cache clean: --days N (remove reports older than N days) or --limits (apply max_size and max_reports) is required (see jux cache clean --help)",
    );
  const keepLatest = count("keep-latest", values["keep-latest"]);
  if (keepLatest !== undefined && !Number.isInteger(keepLatest))
    throw new UsageError(
      `jux cache clean: --keep-latest must be a whole number, not "${values["keep-latest"]}"`,
    );
  const dryRun = values["dry-run"] ?? false;
  const store = await openStore(values, io);
  const progress = progressOn(io, "removing");
  const result = await store.clean({
    olderThanDays: days,
    ...(keepLatest !== undefined ? { keepLatest } : {}),
    dryRun,
    ...(progress ? { onProgress: progress } : {}),
  });
  if (values.json) {
    writeLine(io.stdout, json({ dryRun, removed: result.removed.map(withStatus), kept: result.kept }));
    return 0;
  }
  if (dryRun)
    for (const line of aligned(
      result.removed.map((e) => [e.hash.slice(0, 12), when(e.storedAt), e.project ?? "-"]),
    ))
      writeLine(io.stdout, `would remove ${line}`);
  const n = result.removed.length;
  writeLine(
    io.stdout,
    `${dryRun ? "would remove" : "removed"} ${n} report${n === 1 ? "" : "s"}, kept ${result.kept}`,
  );
  return 0;
};

const NO_LIMITS = "no max_size or max_reports is set (see docs/store.md): nothing to apply";

/** `clean --limits [--dry-run]`: rotation now, as every write does, or what it would remove. */
async function cleanLimits(
  values: {
    "storage-path"?: string | undefined;
    "dry-run"?: boolean | undefined;
    json?: boolean | undefined;
  },
  io: CliIo,
): Promise<number> {
  const store = await openStore(values, io);
  if (values["dry-run"]) {
    const plan = await store.rotationPlan();
    const hashes = new Set(plan?.remove ?? []);
    const removed = (await store.list("reports")).filter((e) => hashes.has(e.hash));
    if (values.json) writeLine(io.stdout, json({ dryRun: true, removed: removed.map(withStatus) }));
    else if (!plan) writeLine(io.stdout, NO_LIMITS);
    else {
      for (const line of aligned(
        removed.map((e) => [e.hash.slice(0, 12), when(e.storedAt), e.project ?? "-"]),
      ))
        writeLine(io.stdout, `would remove ${line}`);
      const n = removed.length;
      writeLine(
        io.stdout,
        `would remove ${n} stored report${n === 1 ? "" : "s"} (never a queued or rejected one)`,
      );
    }
    return 0;
  }
  const warnings = await store.enforceLimits();
  if (values.json) writeLine(io.stdout, json({ limits: warnings }));
  else if (!(await store.rotationPlan())) writeLine(io.stdout, NO_LIMITS);
  else if (warnings.length === 0) writeLine(io.stdout, "the store is within its limits");
  return 0;
}
