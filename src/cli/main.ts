import { basename } from "node:path";
import { withPassphraseHint } from "../core/crypto/keys.js";
import { VERSION } from "../core/version.js";
import { inspect } from "./commands/inspect.js";
import { sign } from "./commands/sign.js";
import { verify } from "./commands/verify.js";
import { ConfigError } from "../core/config/schema.js";
import { EXIT, UsageError, writeLine, type CliIo, type Command } from "../core/command/io.js";
import { errorMessage } from "../core/errors.js";
import { globalProfile } from "./settings.js";

/** keygen loads the certificate library only when it runs, so the other commands start faster. */
const keygen: Command = async (argv, io) => (await import("./commands/keygen.js")).keygen(argv, io);

const publish: Command = async (argv, io) => (await import("./commands/publish.js")).publish(argv, io);
const cache: Command = async (argv, io) => (await import("./commands/cache/index.js")).cache(argv, io);
const config: Command = async (argv, io) => (await import("./commands/config.js")).config(argv, io);
const compare: Command = async (argv, io) => (await import("./commands/compare.js")).compare(argv, io);

/** Commands of the other applications, joined in by the entry point (`jux serve` is src/server's). */
export interface Applications {
  serve?: Command;
}

const USAGE = `Usage: jux <command> [options]

Signs, verifies and inspects JUnit XML test reports (XMLDSig, interoperable with pytest-jux and xmlsec1).

Commands:
  keygen    create a signing key (RSA or ECDSA) and a self-signed certificate
  sign      add the run's metadata to a report and sign it
  verify    check a signed report against the certificates you trust
  inspect   print a report's counts, canonical hash, properties, signature, failing and flaky tests
  serve     run a reference Jux API server (needs Node.js 22.5 or newer)
  publish   publish signed reports to a Jux API server, by storage mode
  compare   compare this run's reports with the latest run of a base branch on a Jux server, test by test
  cache     the local store: list, show, stats, clean, push the offline queue, compare two reports,
            delete, export, import, recompress (and list's criteria: project, branch, commit, status, time)
  config    the configuration: list the options, dump the effective values and their sources, init, validate

Every command takes --profile NAME: the configuration's [profile NAME] over its base (JUX_PROFILE otherwise).
Run "jux <command> --help" for a command's options. Also installed as jux-sign, jux-verify, jux-inspect and
jux-keygen, jux-publish, jux-cache, jux-config (the pytest-jux names). Set JUX_DEBUG=1 to see stack traces.
`;

/** Which command an alias such as jux-sign stands for. */
function commandOfProgram(program: string): string | undefined {
  const m = /^jux-(sign|verify|inspect|keygen|publish|cache|config)(\.[cm]?js)?$/.exec(basename(program));
  return m?.[1];
}

/** Runs one jux command line; returns the exit status. Never throws. */
export async function main(
  program: string,
  argv: string[],
  io: CliIo,
  apps: Applications = {},
): Promise<number> {
  const alias = commandOfProgram(program);
  try {
    const global = globalProfile(argv);
    const [name, ...rest] = alias ? [alias, ...global.argv] : global.argv;
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      io.stdout.write(USAGE);
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === "--version" || name === "-V") {
      writeLine(io.stdout, `jux ${VERSION}`);
      return 0;
    }
    // In the order of the usage text (serve after keygen).
    const commands: Record<string, Command> = {
      sign,
      verify,
      inspect,
      keygen,
      ...apps,
      publish,
      compare,
      cache,
      config,
    };
    const command = commands[name];
    if (!command)
      throw new UsageError(`jux: unknown command "${name}" (commands: ${Object.keys(commands).join(", ")})`);
    const withProfile = global.profile !== undefined ? { ...io, profile: global.profile } : io;
    return await command(rest, alias ? { ...withProfile, pytestJux: true } : withProfile);
  } catch (e) {
    return report(e, io);
  }
}

/** How to give a passphrase on this command line (the action names its own input). */
const PASSPHRASE_HINT =
  "give the name of the environment variable holding it with --passphrase-env VAR (or key_passphrase_env in the configuration)";

/** The exit status of an error that stopped a command (the table in docs/cli.md). */
export function exitStatusOf(e: unknown): number {
  if (e instanceof UsageError) return EXIT.usage;
  // A bad option value on the command line is a usage error; one from a file or the environment is not.
  if (e instanceof ConfigError && e.problems.every((p) => p.startsWith("--"))) return EXIT.usage;
  // Everything else (XmlError, KeyError, FileError, StoreError, ConfigError, ...) is a failure.
  return EXIT.failure;
}

function report(error: unknown, io: CliIo): number {
  const e = withPassphraseHint(error, PASSPHRASE_HINT);
  if (io.env.JUX_DEBUG === "1" && e instanceof Error) writeLine(io.stderr, e.stack ?? String(e));
  else writeLine(io.stderr, `error: ${errorMessage(e)}`);
  return exitStatusOf(e);
}
