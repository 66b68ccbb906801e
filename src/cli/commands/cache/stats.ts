import { json, parse } from "../../../core/command/args.js";
import { writeLine, type Command } from "../../../core/command/io.js";
import { COMMON, exactPositionals, openStore, printHelp } from "./common.js";
import { aligned } from "../../format.js";
import { bytes, duration } from "./format.js";
import type { StoreStats } from "../../../core/store/store.js";

const USAGE = `Usage: jux cache stats [--storage-path DIR] [--json]

size: every report file, quarantine included; stored: the reports' files (compressed where they are; each
report once, as max_size counts it) against the reports' own bytes, and how many are kept in each form.
Sizes in kB, MB, GB (powers of 1000, as max_size reads them).

      --json            the figures as JSON (bytes, storedBytes, originalBytes, compression, ...)
`;

const OPTIONS = { ...COMMON, json: { type: "boolean" } } as const;

/** The reports' files against what they hold: `1.2 MB for 9.8 MB of reports (12 %; zstd 40, none 2)`. */
function storedText(s: StoreStats): string {
  const share = s.originalBytes > 0 ? Math.round((100 * s.storedBytes) / s.originalBytes) : 100;
  const forms = Object.entries<number>(s.compression)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${c} ${n}`);
  return `${bytes(s.storedBytes)} for ${bytes(s.originalBytes)} of reports (${share} %${forms.length ? `; ${forms.join(", ")}` : ""})`;
}

export const stats: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS, "cache stats", true);
  if (values.help) return printHelp(io, USAGE);
  exactPositionals("stats", positionals, []);
  const store = await openStore(values, io);
  const s = await store.stats();
  if (values.json) {
    writeLine(io.stdout, json({ base: store.base, ...s }));
    return 0;
  }
  const rows = [
    ["store:", store.base],
    ["reports:", String(s.reports)],
    ["queued:", String(s.queued)],
    ["rejected:", String(s.rejected)],
    ["quarantined:", String(s.quarantined)],
    ["size:", bytes(s.bytes)],
    ["stored:", storedText(s)],
    ["oldest report:", s.oldest ?? "-"],
    [
      "oldest queued:",
      s.oldestQueued ? `${s.oldestQueued} (${duration(s.oldestQueuedAgeSeconds ?? 0)} ago)` : "-",
    ],
    [
      "leftovers:",
      s.leftovers
        ? `${s.leftovers} (of interrupted writes, not resolved: the next command that gets the store's lock resolves them)`
        : "0",
    ],
  ];
  for (const line of aligned(rows)) writeLine(io.stdout, line);
  return 0;
};
