import type { Command } from "../../../core/command/io.js";

const USAGE =
  "Usage: jux cache push [--storage-path DIR] [--api-url URL] [--dry-run] [--json]\n" +
  "       jux cache push --from-artifacts --repo OWNER/REPO [--artifact-name NAME] [--token-env VAR] [--cert FILE]\n\n" +
  "Publishes the store's offline queue, oldest first (as jux publish --queue). Exit status: 0 all published,\n" +
  "1 none, 2 some. --from-artifacts first drains the action's pending artifacts of OWNER/REPO into it\n" +
  "(jux cache push --from-artifacts --help).\n";

/**
 * `jux cache push` is `jux publish --queue`; with --from-artifacts the action's pending artifacts join the queue
 * first. The publisher is loaded only when it runs.
 */
export const push: Command = async (argv, io) => {
  const publish: Command = async (args, io2) => (await import("../publish.js")).publish(args, io2);
  if (argv.includes("--from-artifacts"))
    return (await import("./push-artifacts.js")).pushFromArtifacts(argv, io, publish);
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout.write(USAGE);
    return 0;
  }
  return publish(["--queue", ...argv], io);
};
