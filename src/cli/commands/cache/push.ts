import type { Command } from "../../../core/command/io.js";

const USAGE =
  "Usage: jux cache push [--storage-path DIR] [--api-url URL] [--dry-run] [--json]\n\n" +
  "Publishes the store's offline queue, oldest first (as jux publish --queue). Exit status: 0 all published,\n" +
  "1 none, 2 some.\n";

/** `jux cache push` is `jux publish --queue`; the publisher is loaded only when it runs. */
export const push: Command = async (argv, io) => {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout.write(USAGE);
    return 0;
  }
  return (await import("../publish.js")).publish(["--queue", ...argv], io);
};
