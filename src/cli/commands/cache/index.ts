import { UsageError, type Command } from "../../../core/command/io.js";
import { clean } from "./clean.js";
import { clearQueue } from "./clear-queue.js";
import { STORE_NOTE } from "./common.js";
import { compare } from "./compare.js";
import { deleteCommand } from "./delete.js";
import { exportCommand } from "./export.js";
import { importCommand } from "./import.js";
import { list } from "./list.js";
import { push } from "./push.js";
import { recompress } from "./recompress.js";
import { show } from "./show.js";
import { stats } from "./stats.js";

const USAGE = `Usage: jux cache <command> [options]

The local report store: reports/ (kept), queue/ (waiting to be published), rejected/ (refused by a server),
quarantine/ (files that failed their integrity check).

Commands:
  list          list the stored reports, one line each
  show HASH     a report's summary and path (a unique prefix of the hash is enough); --xml prints it
  stats         counts, stored and original sizes, oldest report, age of the oldest queued report
  clean         remove reports older than N days, or apply max_size/max_reports (never the queue)
  clear-queue   drop every queued report (needs --confirm)
  compare A B   per-test differences between two reports (hashes in the store or files)
  push          publish the queued reports to a Jux API server
  recompress    rewrite the stored reports compressed as --to says (zstd, gzip, none)
  delete        remove reports by hash or by criteria (never a queued one without --force)
  export        write reports to a file: jsonl (jux serve's format), csv or tar
  import FILE   read an export (jsonl or tar) into the store, each report checked

${STORE_NOTE}
Run "jux cache <command> --help" for a command's options.
`;

const SUBCOMMANDS: Record<string, Command> = {
  list,
  show,
  stats,
  clean,
  "clear-queue": clearQueue,
  compare,
  push,
  recompress,
  delete: deleteCommand,
  export: exportCommand,
  import: importCommand,
};

/** pytest-jux's jux-cache takes --storage-path before the subcommand: `jux-cache --storage-path DIR list`. */
export function storagePathFirst(argv: string[]): string[] {
  const [first, ...rest] = argv;
  if (first === "--storage-path" && rest.length >= 2) return [rest[1]!, first, rest[0]!, ...rest.slice(2)];
  if (first?.startsWith("--storage-path=") && rest.length >= 1) return [rest[0]!, first, ...rest.slice(1)];
  return argv;
}

export const cache: Command = async (argv, io) => {
  const [sub, ...rest] = storagePathFirst(argv);
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    io.stdout.write(USAGE);
    return sub === undefined ? 2 : 0;
  }
  const command = SUBCOMMANDS[sub];
  if (!command)
    throw new UsageError(
      `jux cache: unknown command "${sub}" (commands: ${Object.keys(SUBCOMMANDS).join(", ")}; see jux cache --help)`,
    );
  return command(rest, io);
};
