import type { JuxConfig } from "../../core/config/index.js";
import { errorMessage } from "../../core/errors.js";
import { clientFor, type JuxClient } from "../../core/publish/client.js";
import { jwtClaims, looksLikeJwt } from "../../core/publish/bearer.js";
import {
  describeOutcome,
  drainQueue,
  runMode,
  succeeded,
  type ReportResult,
} from "../../core/publish/modes.js";
import type { BatchOptions } from "../../core/publish/batch.js";
import { keepsArtifact, publishes, type StorageMode } from "../../core/publish/storage-mode.js";
import { loadReportBytes, loadReportFile, type LoadedReport } from "../../core/publish/report-file.js";
import { ReportStore } from "../../core/store/store.js";
import { storeOptions } from "./cache/common.js";
import type { Quarantined } from "../../core/store/types.js";
import { json, parse } from "../../core/command/args.js";
import { expandInputs, isProblem, operandsOf, reportsHelp, type InputItem } from "../file-args.js";
import { UsageError, writeLine, type CliIo, type Command } from "../../core/command/io.js";
import { progressOn } from "../progress.js";
import { apiConfiguration, storageBase } from "../settings.js";

const USAGE = `Usage: jux publish [REPORT.xml|DIR|'PATTERN' ...] [-r] [--queue] [--dry-run] [--json] [options]

Keeps and publishes signed JUnit XML reports as the storage mode says:
  local   store only, no network
  api     publish only; fails when a report could not be published
  both    store and publish; fails if either fails
  cache   store, publish what can be published, queue the rest (with the reason) for the next run;
          never fails because the server is unreachable or slow. The queue is published first.
The bytes are sent exactly as they are on disk. The API key comes from the configuration (JUX_API_KEY,
JUX_BEARER_TOKEN or bearer_token in a config file), never from the command line; it must be at least 8
characters, and a config file holding it should be readable by you alone (chmod 600). A server that answers
with a redirect is not followed (the key would go with it): set --api-url to the final address.

Exit status: 0 every report ended well, 1 none did, 2 some did (as pytest-jux's jux-publish), 2 also for a
usage error.

${reportsHelp("-f", "--json lists them all in its reports array.")}

Options:
  -f, --file FILE          a report to publish (repeatable; "-" reads standard input)
  -r, --recursive          a directory's subdirectories too
  -q, --queue              publish the store's offline queue (also what jux cache push does)
  -n, --dry-run            say what would be done; send, store and change nothing
      --storage-mode MODE  local, api, both or cache (default: cache when api_url is set, else local; run
                           as jux-publish: api, as pytest-jux's jux-publish)
      --storage-path DIR   the store (default: JUX_STORAGE_PATH, else $XDG_DATA_HOME/jux)
      --api-url URL        the Jux API, ending in /api/v1 (e.g. http://localhost:4000/api/v1)
      --api-key-header H   send the key in header H instead of "Authorization: Bearer"
      --oidc-token-env VAR send the OIDC ID token held in environment variable VAR instead of an API key, as
                           "Authorization: Bearer" (GitLab CI id_tokens, any CI that issues a JWT; jux serve
                           --oidc-issuer). No API key may be configured with it
      --timeout SECONDS    per request (default 30)
      --max-retries N      retries of a transient failure (default 3)
  -j, --json               print {mode, ok, reports: [{file, hash, outcome, ...}], earlier, quarantined}
  -h, --help               show this help
`;

const OPTIONS = {
  file: { type: "string", short: "f", multiple: true },
  recursive: { type: "boolean", short: "r" },
  queue: { type: "boolean", short: "q" },
  "dry-run": { type: "boolean", short: "n" },
  "storage-mode": { type: "string" },
  "storage-path": { type: "string" },
  "api-url": { type: "string" },
  "api-key-header": { type: "string" },
  "oidc-token-env": { type: "string" },
  timeout: { type: "string" },
  "max-retries": { type: "string" },
  json: { type: "boolean", short: "j" },
  // pytest-jux's jux-publish flags: -v is accepted (the output is per report already), a key is refused.
  verbose: { type: "boolean", short: "v" },
  "bearer-token": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parse<typeof OPTIONS>>["values"];

/** The command line's settings, named as the configuration schema names them. */
function cliSettings(values: Values): Record<string, string> {
  const pairs: [string, string | undefined][] = [
    ["storage_mode", values["storage-mode"]],
    ["storage_path", values["storage-path"]],
    ["api_url", values["api-url"]],
    ["api_key_header", values["api-key-header"]],
    ["api_timeout", values.timeout],
    ["api_max_retries", values["max-retries"]],
  ];
  return Object.fromEntries(pairs.filter((p): p is [string, string] => p[1] !== undefined));
}

/** The configuration (core's checks: settings.ts apiConfiguration), with pytest-jux's storage default. */
async function configuration(values: Values, io: CliIo): Promise<JuxConfig> {
  const { config, origins } = await apiConfiguration(cliSettings(values), io);
  // pytest-jux's jux-publish publishes without keeping a copy, and fails when the server does not take it.
  if (io.pytestJux && origins.storageMode.kind === "default" && config.apiUrl) config.storageMode = "api";
  return config;
}

async function storeOf(config: JuxConfig, io: CliIo): Promise<ReportStore> {
  const store = await ReportStore.open(storageBase(config.storagePath, io), storeOptions(config, io));
  const requeued = store.repaired?.requeued.length ?? 0;
  if (requeued)
    writeLine(
      io.stderr,
      `re-queued ${requeued} report(s) that an interrupted command had stored but not queued`,
    );
  return store;
}

async function readStdin(io: CliIo): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of io.stdin) parts.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(parts);
}

/** The reports named (files, directories, patterns, "-"); none without operands (--queue alone). */
async function reportsOf(operands: string[], recursive: boolean, io: CliIo): Promise<InputItem[]> {
  if (operands.length === 0) return [];
  return (await expandInputs(operands, io, { cwd: io.cwd, recursive })).items;
}

/** Each file checked by the strict reader; a bad or missing one is reported and the others go on. */
async function loadAll(
  items: InputItem[],
  io: CliIo,
): Promise<{ loaded: LoadedReport[]; bad: ReportResult[] }> {
  const loaded: LoadedReport[] = [];
  const bad: ReportResult[] = [];
  const failed = (id: string, reason: string) =>
    bad.push({ id, hash: "", stored: false, outcome: { kind: "failed", reason } });
  for (const item of items) {
    if (isProblem(item)) {
      failed(item.source, item.problem);
      continue;
    }
    try {
      loaded.push(
        item.path === undefined
          ? await loadReportBytes(await readStdin(io), "<stdin>")
          : await loadReportFile(item.path, item.source),
      );
    } catch (e) {
      failed(item.source, errorMessage(e));
    }
  }
  return { loaded, bad };
}

interface Printed {
  mode: StorageMode;
  results: ReportResult[];
  earlier: ReportResult[];
  quarantined: Quarantined[];
}

function exitStatus(mode: StorageMode, results: ReportResult[]): number {
  if (results.length === 0) return 0;
  const good = results.filter((r) => succeeded(mode, r.outcome)).length;
  return good === results.length ? 0 : good === 0 ? 1 : 2;
}

function print(io: CliIo, asJson: boolean, p: Printed, ok: boolean): void {
  if (asJson) {
    const row = (r: ReportResult) => ({ file: r.id, hash: r.hash, stored: r.stored, ...r.outcome });
    writeLine(
      io.stdout,
      json({
        mode: p.mode,
        ok,
        reports: p.results.map(row),
        earlier: p.earlier.map(row),
        quarantined: p.quarantined,
      }),
    );
    return;
  }
  for (const r of [...p.earlier, ...p.results]) {
    const line = `${r.id}: ${describeOutcome(r.outcome)}${r.hash ? ` sha256:${r.hash.slice(0, 12)}` : ""}`;
    writeLine(succeeded(p.mode, r.outcome) ? io.stdout : io.stderr, line);
  }
  for (const q of p.quarantined)
    writeLine(io.stderr, `quarantined ${q.name}: ${q.reason} (moved to ${q.movedTo}; not published)`);
  if (p.results.length + p.earlier.length === 0 && p.quarantined.length === 0)
    writeLine(io.stdout, "nothing to publish");
}

function dryRun(
  io: CliIo,
  asJson: boolean,
  mode: StorageMode,
  loaded: LoadedReport[],
  queued: number,
): number {
  const plan = loaded.map((r) => ({ file: r.id, hash: r.hash, tests: r.summary.tests, would: mode }));
  if (asJson) writeLine(io.stdout, json({ mode, dry_run: true, reports: plan, queued }));
  else {
    for (const p of plan)
      writeLine(
        io.stdout,
        `would ${publishes(mode) ? "publish" : "store"} ${p.file} (sha256:${p.hash.slice(0, 12)}, ${p.tests} tests)`,
      );
    if (queued) writeLine(io.stdout, `would publish ${queued} queued report(s) first`);
  }
  return 0;
}

/** Publishes the queue first when asked (cache mode drains it itself), then runs the storage mode. */
async function send(
  mode: StorageMode,
  reports: LoadedReport[],
  store: ReportStore | undefined,
  client: JuxClient | undefined,
  options: { batch: BatchOptions; drainFirst: boolean },
): Promise<Printed> {
  const { batch } = options;
  const drained =
    options.drainFirst && mode !== "cache"
      ? await drainQueue(store!, client, { batch })
      : { results: [], quarantined: [] };
  const run = await runMode({
    mode,
    reports,
    ...(store ? { store } : {}),
    ...(client ? { client } : {}),
    batch,
  });
  return {
    mode,
    results: [...run.results],
    earlier: [...drained.results, ...run.earlier],
    quarantined: [...drained.quarantined, ...run.quarantined],
  };
}

/**
 * The configuration to publish with: as configured, or with --oidc-token-env the token of that variable as the
 * credential (Authorization: Bearer). The token is never put into a message.
 */
function withOidcToken(config: JuxConfig, variable: string | undefined, io: CliIo): JuxConfig {
  if (variable === undefined) return config;
  const flag = `jux publish: --oidc-token-env ${variable}`;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable))
    throw new UsageError(
      `${flag}: give the name of an environment variable (e.g. JUX_ID_TOKEN), not its value`,
    );
  if (config.apiKey !== undefined)
    throw new UsageError(
      `${flag}: an API key is configured too (JUX_API_KEY, JUX_BEARER_TOKEN or a config file's bearer_token): publish with one credential, unset the key or drop --oidc-token-env`,
    );
  const token = io.env[variable]?.trim();
  if (!token)
    throw new UsageError(
      `${flag}: the variable is ${io.env[variable] === undefined ? "not set" : "empty"}: have the CI issue an ID token into it (GitLab CI: id_tokens: { ${variable}: { aud: <the server's audience> } })`,
    );
  if (!looksLikeJwt(token))
    throw new UsageError(
      `${flag}: the variable does not hold a JWT (three base64url parts separated by dots): give the variable of the CI's ID token`,
    );
  checkTokenDestination(config.apiUrl, token, flag, io);
  return { ...config, apiKey: token, apiKeyHeader: "Authorization" };
}

/**
 * The token goes to api_url only over https (or to this machine), and a warning when it was issued for another
 * audience: api_url may come from a project file a merge request can change, and the token is a credential.
 */
function checkTokenDestination(apiUrl: string | undefined, token: string, flag: string, io: CliIo): void {
  if (apiUrl === undefined) return;
  const url = new URL(apiUrl);
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !local)
    throw new UsageError(
      `${flag}: api_url ${url.origin} is not https: the token would cross the network in clear text; use the server's https:// address`,
    );
  const aud = jwtClaims(token)?.aud;
  const audiences = (Array.isArray(aud) ? aud : [aud]).filter((a): a is string => typeof a === "string");
  if (audiences.length > 0 && !audiences.some((a) => a.replace(/\/+$/, "") === url.origin))
    writeLine(
      io.stderr,
      `warning: ${flag}: the token was issued for ${audiences.map((a) => JSON.stringify(a)).join(", ")}, not for api_url's origin ${url.origin}: check that api_url is the server you meant to send it to`,
    );
}

export const publish: Command = async (argv, io) => {
  const { values, tokens } = parse(argv, OPTIONS, "publish", true);
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (values["bearer-token"] !== undefined)
    throw new UsageError(
      "jux publish: --bearer-token is not accepted (a key on the command line is seen by every process): set JUX_BEARER_TOKEN or JUX_API_KEY instead",
    );
  const files = operandsOf(tokens, "file");
  if (files.length === 0 && !values.queue)
    throw new UsageError(
      "jux publish: give reports (files, a directory or a quoted pattern, or -f FILE), or --queue to publish the offline queue (see jux publish --help)",
    );
  const config = withOidcToken(await configuration(values, io), values["oidc-token-env"], io);
  const mode = config.storageMode;
  if ((publishes(mode) || values.queue) && !config.apiUrl)
    throw new UsageError(
      `jux publish: ${values.queue ? "publishing the queue (--queue, jux cache push)" : `storage mode ${mode}`} needs api_url (--api-url, JUX_API_URL or a config file)`,
    );
  const { loaded, bad } = await loadAll(await reportsOf(files, !!values.recursive, io), io);
  const store = !keepsArtifact(mode) && !values.queue ? undefined : await storeOf(config, io);
  if (values["dry-run"])
    return dryRun(
      io,
      !!values.json,
      mode,
      loaded,
      values.queue && store ? (await store.list("queue")).length : 0,
    );
  const client = config.apiUrl ? clientFor(config.apiUrl, config) : undefined;
  const progress = progressOn(io, "publishing");
  const batch = { concurrency: config.publishConcurrency, ...(progress ? { onProgress: progress } : {}) };
  try {
    const queueOnly = values.queue && files.length === 0;
    const printed = await send(mode, loaded, store, client, { batch, drainFirst: !!values.queue });
    printed.results.push(...bad);
    // Publishing the queue alone succeeds only for what the server acknowledged.
    const status = queueOnly ? exitStatus("api", printed.earlier) : exitStatus(mode, printed.results);
    print(io, !!values.json, printed, status === 0);
    return status;
  } finally {
    client?.dispose();
  }
};
