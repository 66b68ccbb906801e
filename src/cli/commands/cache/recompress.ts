import { json, parse } from "../../../core/command/args.js";
import { UsageError, writeLine, type Command } from "../../../core/command/io.js";
import { hasZstd } from "../../../core/fs/compression.js";
import { COMPRESSIONS } from "../../../core/store/store.js";
import { progressOn } from "../../progress.js";
import { choice, COMMON, exactPositionals, openStore, printHelp } from "./common.js";

const USAGE = `Usage: jux cache recompress [--to zstd|gzip|none] [--storage-path DIR] [--json]

Rewrites every stored report (reports/, queue/, rejected/) compressed as --to says (default: the compress
option): the reports, their hashes and ages are unchanged. E.g. --to gzip on Node.js >= 22.15 makes a zstd store
readable by a Node.js without zstd; --to none gives pytest-jux's <hash>.xml files back. Reports under 1 KiB stay
as they are.
`;

const OPTIONS = { ...COMMON, to: { type: "string" }, json: { type: "boolean" } } as const;

export const recompress: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS, "cache recompress", true);
  if (values.help) return printHelp(io, USAGE);
  exactPositionals("recompress", positionals, []);
  const to = choice("recompress", "to", values.to, COMPRESSIONS);
  if (to === "zstd" && !hasZstd())
    throw new UsageError(
      `jux cache recompress: --to zstd needs zstd in node:zlib (Node.js >= 22.15), and this is Node.js ${process.version}: run it there, or use --to gzip`,
    );
  const store = await openStore(values, io);
  const target = to ?? store.compression;
  const progress = progressOn(io, "recompressing");
  const result = await store.recompress(target, progress);
  if (values.json) writeLine(io.stdout, json({ to: target, ...result }));
  else
    writeLine(
      io.stdout,
      `rewrote ${result.rewritten} report(s) as ${target}; ${result.unchanged} already were (or are under 1 KiB)`,
    );
  return 0;
};
