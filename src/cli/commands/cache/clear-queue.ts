import { parse } from "../../../core/command/args.js";
import { EXIT, UsageError, writeLine, type Command } from "../../../core/command/io.js";
import { COMMON, exactPositionals, openStore, printHelp } from "./common.js";

const USAGE = `Usage: jux cache clear-queue --confirm [--storage-path DIR]

Removes every queued report: they will not be published.
`;

const OPTIONS = { ...COMMON, confirm: { type: "boolean" } } as const;

export const clearQueue: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS, "cache clear-queue", true);
  if (values.help) return printHelp(io, USAGE);
  exactPositionals("clear-queue", positionals, []);
  const store = await openStore(values, io);
  if (!values.confirm) {
    const n = (await store.list("queue")).length;
    // Nothing would be dropped: done, whether --confirm was given or not.
    if (n === 0) {
      writeLine(io.stdout, "the queue is empty: nothing to drop");
      return EXIT.ok;
    }
    throw new UsageError(
      `jux cache clear-queue: this drops ${n} queued report${n === 1 ? "" : "s"} for good (they will not be published); add --confirm`,
    );
  }
  const n = await store.clearQueue();
  writeLine(io.stdout, `removed ${n} queued report${n === 1 ? "" : "s"}`);
  return 0;
};
