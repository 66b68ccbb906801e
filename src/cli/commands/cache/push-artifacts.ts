/**
 * `jux cache push --from-artifacts`: the action's pending artifacts (the queue outside the cache) drained from a
 * laptop or another CI. Each artifact of this api_url's server is downloaded and read as hostile (core/github/),
 * each report checked (strict reader; its signature with --cert), queued in the local store and published as `jux
 * cache push` publishes the queue; an artifact is deleted once every report in it left the queue (acknowledged, or
 * refused for good and kept in rejected/). The token comes from a variable, never the command line or a message.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, trustedKeysFrom } from "../../../core/command/args.js";
import { UsageError, writeLine, type CliIo, type Command } from "../../../core/command/io.js";
import type { TrustedKey } from "../../../core/crypto/keys.js";
import { errorMessage } from "../../../core/errors.js";
import { deleteArtifact, downloadZip, type ListedArtifact } from "../../../core/github/artifacts.js";
import { isPendingOf } from "../../../core/github/names.js";
import {
  HASH_FILE,
  listPending,
  MAX_PENDING_ZIP_BYTES,
  NAMES,
  PENDING_ZIP_LIMITS,
} from "../../../core/github/pending.js";
import { REPOSITORY, REST_TIMEOUT_MS, type Rest } from "../../../core/github/rest.js";
import { ArtifactRefused, extractReports } from "../../../core/github/unzip.js";
import { vetAgainst, type Vet } from "../../../core/publish/vet.js";
import { ReportStore } from "../../../core/store/store.js";
import { apiConfiguration, storageBase } from "../../settings.js";
import { storeOptions } from "./common.js";

export const FROM_ARTIFACTS_USAGE = `Usage: jux cache push --from-artifacts --repo OWNER/REPO [--artifact-name NAME] [--token-env VAR]
                      [--cert FILE ...] [--api URL] [--storage-path DIR] [--api-url URL] [--dry-run] [--json]

Drains the action's pending artifacts (the queue outside the Actions cache) of OWNER/REPO for this api_url:
each artifact named <NAME>[-<leg>]-pending-<server tag>-... made by the repository's own runs is downloaded,
read as hostile, every report checked (strict reader; its signature with --cert, as the action's signing_cert),
queued in the local store and published with it (as jux cache push). An artifact is deleted once every report
in it was acknowledged by the server or refused for good (kept in the store's rejected/); one holding a report
that failed its check is kept, and nothing of that report is published.

Options:
      --repo OWNER/REPO    the repository whose artifacts are drained
      --artifact-name NAME the action's artifact_name (default jux-reports)
      --token-env VAR      the environment variable holding a GitHub token (default GITHUB_TOKEN); it needs
                           actions: read, and actions: write to delete. Never give the token itself
  -c, --cert FILE          trusted certificate(s) or public key(s), PEM (repeatable): a report must verify
      --api URL            the GitHub REST API (default GITHUB_API_URL, else https://api.github.com)
Other options are jux cache push's (--storage-path, --api-url, --timeout, --max-retries, --dry-run, --json).
Exit status: 0 every report published and nothing refused, 1 none, 2 some.
`;

const OPTIONS = {
  "from-artifacts": { type: "boolean" },
  repo: { type: "string" },
  "artifact-name": { type: "string" },
  "token-env": { type: "string" },
  token: { type: "string" },
  cert: { type: "string", short: "c", multiple: true },
  api: { type: "string" },
  "storage-path": { type: "string" },
  "api-url": { type: "string" },
  "api-key-header": { type: "string" },
  timeout: { type: "string" },
  "max-retries": { type: "string" },
  "dry-run": { type: "boolean", short: "n" },
  json: { type: "boolean", short: "j" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parse<typeof OPTIONS>>["values"];

const COMMAND = "jux cache push --from-artifacts";
/** Pending artifacts taken by one command at most (the newest first). */
const MAX_ARTIFACTS = 200;

/** The REST host the token goes to: https, or this machine. */
export function restApi(given: string | undefined, env: NodeJS.ProcessEnv): string {
  const text = (given || env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      `${COMMAND}: --api ${JSON.stringify(text)} is not a URL (e.g. https://api.github.com)`,
    );
  }
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local))
    throw new UsageError(
      `${COMMAND}: the GitHub API ${url.origin} is not https: the token would cross the network in clear text; give --api https://...`,
    );
  return text;
}

/** The token of the variable named by --token-env; refused on the command line. */
export function tokenOf(values: Pick<Values, "token" | "token-env">, env: NodeJS.ProcessEnv): string {
  if (values.token !== undefined)
    throw new UsageError(
      `${COMMAND}: --token is not accepted (a token on the command line is seen by every process): put it in a variable and give --token-env VAR (default GITHUB_TOKEN)`,
    );
  const variable = values["token-env"] ?? "GITHUB_TOKEN";
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable))
    throw new UsageError(`${COMMAND}: --token-env: give the name of an environment variable, not its value`);
  const token = env[variable]?.trim();
  if (!token)
    throw new UsageError(
      `${COMMAND}: ${variable} is ${env[variable] === undefined ? "not set" : "empty"}: export a GitHub token with actions: read (and actions: write to delete the drained artifacts) in it, e.g. ${variable}=$(gh auth token)`,
    );
  return token;
}

/** What became of one pending artifact's files. */
interface Taken {
  artifact: ListedArtifact;
  hashes: string[];
  /** Files that failed their check (or the whole zip): the artifact is kept. */
  refused: { name: string; reason: string }[];
  /** It could not be downloaded or read (the network, the disk): kept for a later push. */
  failed?: string;
}

/** Checks one extracted file and queues it; a refusal comes back as its reason. */
async function queueFile(store: ReportStore, vet: Vet, path: string, name: string, source: string) {
  const named = HASH_FILE.exec(name)?.[1];
  if (!named) return "not a queued report (names are <canonical hash>.xml)";
  const bytes = await readFile(path);
  const verdict = await vet(bytes, source);
  if ("problem" in verdict) return verdict.problem;
  if (verdict.hash !== named)
    return `its canonical hash is sha256:${verdict.hash}, not the sha256:${named} its name says (changed after it was queued)`;
  await store.put("queue", bytes, named, verdict.checked);
  return named;
}

/** Downloads one artifact into a fresh directory, reads it as hostile, and queues what passes its check. */
async function take(
  rest: Rest,
  a: ListedArtifact,
  store: ReportStore,
  vet: Vet,
  temp: string,
): Promise<Taken> {
  const taken: Taken = { artifact: a, hashes: [], refused: [] };
  const dir = await mkdtemp(join(temp, "jux-pending-in-"));
  try {
    const zip = join(dir, "artifact.zip");
    await downloadZip(rest, a, zip, MAX_PENDING_ZIP_BYTES);
    let files: { name: string; path: string }[];
    try {
      files = (
        await extractReports(zip, join(dir, "files"), PENDING_ZIP_LIMITS, `pending artifact ${a.name}`)
      ).files;
    } catch (e) {
      if (!(e instanceof ArtifactRefused)) throw e;
      taken.refused.push({ name: a.name, reason: e.message });
      return taken;
    }
    // One batch of the store: its lock taken and its index written once per stretch of files, not per report.
    await store.batch(files, async (f) => {
      if (f.name === NAMES) return;
      const got = await queueFile(store, vet, f.path, f.name, `${a.name}/${f.name}`);
      if (HASH_FILE.test(`${got}.xml`)) taken.hashes.push(got);
      else taken.refused.push({ name: `${a.name}/${f.name}`, reason: got });
    });
  } catch (e) {
    taken.failed = errorMessage(e);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return taken;
}

/** jux cache push's own arguments, for the publishing of the queue. */
function publishArgs(values: Values): string[] {
  const args = ["--queue"];
  for (const name of ["storage-path", "api-url", "api-key-header", "timeout", "max-retries"] as const) {
    const v = values[name];
    if (v !== undefined) args.push(`--${name}`, v);
  }
  if (values.json) args.push("--json");
  return args;
}

/** Deletes the artifacts whose every report left the queue; a refusal (403) is said once with what it needs. */
async function settle(rest: Rest, taken: Taken[], store: ReportStore, say: (line: string) => void) {
  const still = new Set((await store.list("queue")).map((e) => e.hash));
  let refusedDelete = false;
  for (const t of taken) {
    const name = t.artifact.name;
    if (t.failed) {
      say(`pending artifact ${name} could not be taken (${t.failed}); it is kept for a later push`);
      continue;
    }
    if (t.refused.length > 0) {
      say(
        `pending artifact ${name} is kept: ${t.refused.length} file(s) refused (inspect it, then delete it)`,
      );
      continue;
    }
    const waiting = t.hashes.filter((h) => still.has(h)).length;
    if (waiting > 0) {
      say(`pending artifact ${name} is kept: ${waiting} report(s) still queued (a later push retries)`);
      continue;
    }
    const done = refusedDelete ? undefined : await deleteArtifact(rest, t.artifact.id);
    if (done?.ok) say(`deleted pending artifact ${name} (${t.hashes.length} report(s))`);
    else {
      refusedDelete = true;
      say(
        `pending artifact ${name} could not be deleted (${done?.problem ?? "see above"}): the token needs actions: write; its reports are published, a later run gets 409 for them`,
      );
    }
  }
}

/** Lists, takes and publishes the pending artifacts; `publishQueue` is jux cache push's publishing. */
export async function pushFromArtifacts(argv: string[], io: CliIo, publishQueue: Command): Promise<number> {
  const { values } = parse(argv, OPTIONS, "cache push");
  if (values.help) {
    io.stdout.write(FROM_ARTIFACTS_USAGE);
    return 0;
  }
  const repository = values.repo ?? "";
  if (!REPOSITORY.test(repository))
    throw new UsageError(
      `${COMMAND}: --repo ${repository ? `"${repository}" is not OWNER/REPO` : "is required"} (the repository whose runs made the pending artifacts, e.g. --repo octo/jux-demo)`,
    );
  const token = tokenOf(values, io.env);
  const rest: Rest = { api: restApi(values.api, io.env), repository, token, timeoutMs: REST_TIMEOUT_MS };
  const cli: Record<string, string> = {};
  if (values["api-url"] !== undefined) cli.api_url = values["api-url"];
  if (values["storage-path"] !== undefined) cli.storage_path = values["storage-path"];
  const { config } = await apiConfiguration(cli, io);
  if (!config.apiUrl)
    throw new UsageError(
      `${COMMAND}: needs api_url (--api-url, JUX_API_URL or a config file): the artifacts are named by its server`,
    );
  const trusted: TrustedKey[] | undefined = values.cert?.length
    ? await trustedKeysFrom(values.cert, io)
    : undefined;
  // Every line this command writes is free of the token, whatever a message from outside quotes.
  const clean = (line: string) => line.split(token).join("***");
  const out = values.json ? io.stderr : io.stdout;
  const say = (line: string) => writeLine(out, clean(line));
  const warn = (line: string) => writeLine(io.stderr, clean(line));
  let listed: Awaited<ReturnType<typeof listPending>>;
  try {
    listed = await listPending(
      rest,
      isPendingOf(values["artifact-name"] ?? "jux-reports", config.apiUrl),
      MAX_ARTIFACTS,
    );
  } catch (e) {
    warn(`${COMMAND}: ${errorMessage(e)}`);
    return 1;
  }
  if (listed.more > 0)
    say(`${listed.more} older pending artifact(s) are left for another push (${MAX_ARTIFACTS} at a time)`);
  if (values["dry-run"]) {
    for (const a of listed.artifacts) say(`would take pending artifact ${a.name} (${a.size} bytes)`);
    if (listed.artifacts.length === 0) say("no pending artifact of this server");
    return 0;
  }
  const store = await ReportStore.open(storageBase(config.storagePath, io), storeOptions(config, io));
  const vet = vetAgainst(trusted);
  const taken: Taken[] = [];
  for (const a of listed.artifacts) {
    const t = await take(rest, a, store, vet, io.env.RUNNER_TEMP || tmpdir());
    taken.push(t);
    if (!t.failed) say(`pending artifact ${a.name}: ${t.hashes.length} report(s) queued`);
    for (const r of t.refused) warn(`refused ${r.name}: ${r.reason}; not published`);
  }
  if (listed.artifacts.length === 0) say("no pending artifact of this server");
  const status = await publishQueue(publishArgs(values), io);
  await settle(rest, taken, store, (line) => (line.startsWith("deleted") ? say(line) : warn(line)));
  const problems = taken.some((t) => t.failed !== undefined || t.refused.length > 0);
  if (!problems) return status;
  if (taken.every((t) => t.hashes.length === 0)) return 1;
  return status === 0 ? 2 : status;
}
