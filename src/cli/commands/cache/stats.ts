import { json, parse } from "../../../core/command/args.js";
import { writeLine, type Command } from "../../../core/command/io.js";
import { COMMON, exactPositionals, openStore, printHelp } from "./common.js";
import { aligned } from "../../format.js";
import { bytes, duration } from "./format.js";

const USAGE = `Usage: jux cache stats [--storage-path DIR] [--json]
`;

const OPTIONS = { ...COMMON, json: { type: "boolean" } } as const;

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
