import { json, parse } from "../../../core/command/args.js";
import { EXIT, UsageError, writeLine, type Command, type CliIo } from "../../../core/command/io.js";
import { errorMessage } from "../../../core/errors.js";
import { isEmptyQuery, selectReports, type ReportQuery } from "../../../core/store/query.js";
import { StoreError, type ReportStore, type StoredEntry } from "../../../core/store/store.js";
import type { Area } from "../../../core/store/types.js";
import { aligned } from "../../format.js";
import { COMMON, openStore, printHelp } from "./common.js";
import { when, withStatus } from "./format.js";
import { noMatch, QUERY_HELP, QUERY_OPTIONS, queryOf } from "./query-options.js";

const USAGE = `Usage: jux cache delete HASH... [--area A] [--force] [--dry-run] [--storage-path DIR] [--json]
       jux cache delete [--branch B] [--commit SHA] [--project P] [--status S] [--since T] [--until T]
                        [--area A] [--force] [--dry-run] [--storage-path DIR] [--json]

Removes reports from the store: those named by hash (a unique prefix is enough), or those every criterion
selects (at least one criterion: nothing deletes the whole store). A report is removed from every area that
holds it (reports/, rejected/ with its reason; --area narrows). A report waiting in queue/ (not yet published)
is never removed without --force: it is kept whole, named, and the exit status is 2. Holds the store's lock;
prints what it removed, or with --dry-run what it would remove.

      --force         also remove queued reports (they will never be published)
      --dry-run       only show what would be removed
      --json          what was removed (and kept) as JSON
${QUERY_HELP}
`;

const OPTIONS = {
  ...COMMON,
  ...QUERY_OPTIONS,
  force: { type: "boolean" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
} as const;

interface Plan {
  /** The entries to remove, one per (area, hash). */
  remove: StoredEntry[];
  /** Reports kept back because they are queued (every area of theirs), one entry each. */
  queued: StoredEntry[];
  /** Hashes given that name no report (or several), with why. */
  missing: { given: string; why: string }[];
}

/** The entries the hashes name: every area holding each (within `area`), or why a hash names none. */
async function byHashes(store: ReportStore, hashes: string[], area: Area | undefined): Promise<Plan> {
  const plan: Plan = { remove: [], queued: [], missing: [] };
  const all = await store.list(area);
  for (const given of hashes) {
    try {
      const { hash } = await store.findByPrefix(given);
      const held = all.filter((e) => e.hash === hash);
      if (held.length === 0)
        throw new StoreError(`no report ${given} in ${area ?? "any area"} of ${store.base}`);
      plan.remove.push(...held.filter((e) => !plan.remove.includes(e)));
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      plan.missing.push({ given, why: errorMessage(e) });
    }
  }
  return plan;
}

/**
 * Without --force, every report that waits in the queue is kept whole: whatever --area selected (its reports/ copy
 * too), the queue read from the store itself.
 */
async function protectQueue(store: ReportStore, plan: Plan, force: boolean): Promise<Plan> {
  if (force) return plan;
  const queued = new Set((await store.list("queue")).map((e) => e.hash));
  // One line per report kept: its queue entry when selected, else the copy that was.
  const kept = new Map<string, StoredEntry>();
  for (const e of plan.remove)
    if (queued.has(e.hash) && (!kept.has(e.hash) || e.area === "queue")) kept.set(e.hash, e);
  return { ...plan, remove: plan.remove.filter((e) => !queued.has(e.hash)), queued: [...kept.values()] };
}

function describe(e: StoredEntry): string[] {
  return [e.hash.slice(0, 12), e.area, when(e.timestamp ?? e.storedAt), e.project ?? "-", e.branch ?? "-"];
}

function report(io: CliIo, plan: Plan, dryRun: boolean, force: boolean): void {
  const verb = dryRun ? "would remove" : "removed";
  for (const line of aligned(plan.remove.map(describe))) writeLine(io.stdout, `${verb} ${line}`);
  for (const line of aligned(plan.queued.map(describe)))
    writeLine(io.stderr, `kept ${line}: queued, not yet published (--force removes it too)`);
  for (const m of plan.missing) writeLine(io.stderr, `jux cache delete: ${m.why}`);
  const reports = new Set(plan.remove.map((e) => e.hash)).size;
  const q = plan.queued.length;
  const kept = q
    ? `; kept ${q} queued report${q === 1 ? "" : "s"} (add --force to remove ${q === 1 ? "it" : "them"})`
    : "";
  writeLine(
    io.stdout,
    `${verb} ${reports} report(s), ${plan.remove.length} file(s)${kept}${force ? " (--force)" : ""}`,
  );
}

export const deleteCommand: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS, "cache delete", true);
  if (values.help) return printHelp(io, USAGE);
  const { area, query } = queryOf("delete", values, new Date());
  const criteria: ReportQuery = query;
  if (positionals.length > 0 && !isEmptyQuery(criteria))
    throw new UsageError(
      "jux cache delete: give hashes or criteria (--branch, --commit, ...), not both (see jux cache delete --help)",
    );
  if (positionals.length === 0 && isEmptyQuery(criteria))
    throw new UsageError(
      "jux cache delete: give the reports' hashes, or at least one criterion (--branch B, --commit SHA, --project P, --status S, --since T, --until T); nothing deletes the whole store",
    );
  const dryRun = values["dry-run"] ?? false;
  const force = values.force ?? false;
  const store = await openStore(values, io);
  const plan = await store.withLock(async () => {
    const found = positionals.length
      ? await byHashes(store, positionals, area)
      : { remove: await selectReports(store, area, criteria), queued: [], missing: [] };
    const planned = await protectQueue(store, found, force);
    if (!dryRun) for (const e of planned.remove) await store.remove(e.area, e.hash);
    return planned;
  });
  if (values.json)
    writeLine(
      io.stdout,
      json({
        dryRun,
        removed: plan.remove.map(withStatus),
        keptQueued: plan.queued.map(withStatus),
        missing: plan.missing,
      }),
    );
  else if (plan.remove.length + plan.queued.length + plan.missing.length === 0)
    writeLine(io.stderr, noMatch(values, query));
  else report(io, plan, dryRun, force);
  if (plan.missing.length > 0 && plan.remove.length + plan.queued.length === 0) return EXIT.failure;
  return plan.queued.length > 0 || plan.missing.length > 0 ? EXIT.usage : EXIT.ok;
};
