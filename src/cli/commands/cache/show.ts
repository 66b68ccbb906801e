import { runStatus } from "../../../core/junit/outcome.js";
import { json, parse } from "../../../core/command/args.js";
import { writeLine, type Command } from "../../../core/command/io.js";
import { COMMON, exactPositionals, openStore, printHelp } from "./common.js";
import { aligned } from "../../format.js";
import { bytes, countsText, withStatus } from "./format.js";
import { rejectionRows } from "./rejection.js";

const USAGE = `Usage: jux cache show HASH [--xml] [--storage-path DIR] [--json]

HASH may be a unique prefix (with or without "sha256:"). --xml prints the stored bytes, after checking them.
`;

const OPTIONS = { ...COMMON, xml: { type: "boolean" }, json: { type: "boolean" } } as const;

export const show: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS, "cache show", true);
  if (values.help) return printHelp(io, USAGE);
  const [prefix] = exactPositionals("show", positionals, ["HASH"]) as [string];
  const store = await openStore(values, io);
  const entry = await store.findByPrefix(prefix);
  if (values.xml) {
    io.stdout.write(await store.read(entry.area, entry.hash));
    return 0;
  }
  // A refused report is kept in reports/ too (cache and both modes): it was rejected all the same.
  const rejected = entry.area === "rejected" || (await store.has("rejected", entry.hash));
  const rejection = rejected ? await store.rejection(entry.hash) : undefined;
  if (values.json) {
    writeLine(io.stdout, json({ ...withStatus(entry), ...(rejection ? { rejection } : {}) }));
    return 0;
  }
  const rows: [string, string | undefined][] = [
    ["hash", `sha256:${entry.hash}`],
    ["area", entry.area],
    ["path", entry.path],
    ["stored", entry.storedAt],
    ["project", entry.project],
    ["branch", entry.branch],
    ["commit", entry.commit],
    ["timestamp", entry.timestamp],
    ["status", runStatus(entry)],
    ["tests", `${countsText(entry)}, ${entry.passed} passed (${entry.time} s)`],
    ["signed", entry.signed ? "yes" : "no"],
    ["size", bytes(entry.originalSize)],
    [
      "compressed",
      entry.compression === "none" ? "no" : `${entry.compression}, ${bytes(entry.size)} on disk`,
    ],
    ...(rejected ? rejectionRows(rejection) : []),
  ];
  const present = rows.filter((r): r is [string, string] => r[1] !== undefined);
  for (const line of aligned(present.map(([k, v]) => [`${k}:`, v]))) writeLine(io.stdout, line);
  return 0;
};
