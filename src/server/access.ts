/** Who may submit to `jux serve` and under which names it answers: its keys, --open, --allowed-host. */
import { stat } from "node:fs/promises";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { resolve } from "node:path";
import { parseClaimPattern, type ClaimPattern } from "./oidc-claims.js";
import { hostName, isLoopback } from "./security.js";
import { readText } from "../core/command/args.js";
import { UsageError, writeLine, type CliIo } from "../core/command/io.js";

const WITHOUT_KEYS = "(to serve without keys, leave them out and pass --open)";

/**
 * The keys of one source, trimmed; an empty or blank one is refused (it would open the server): a usage error
 * on the command line, a failure in the environment (as every bad value there).
 */
function keysOf(entries: string[], source: string, fix: string): string[] {
  const keys = entries.map((k) => k.trim());
  const blank = keys.findIndex((k) => k === "");
  if (blank === -1) return keys;
  const where = keys.length > 1 ? `has an empty key (entry ${blank + 1} of ${keys.length})` : "is empty";
  const message = `jux serve: ${source} ${where}: ${fix} ${WITHOUT_KEYS}`;
  throw source.startsWith("--") ? new UsageError(message) : new Error(message);
}

/** The lines of a token file that hold keys: blank lines and # comments are skipped. */
async function fileKeys(path: string, io: CliIo): Promise<string[]> {
  const text = (await readText(path, io, "token file")).toString("utf8");
  const keys = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  if (!keys.length)
    throw new Error(`jux serve: the token file ${path} holds no API key: write one key per line`);
  const { mode } = await stat(resolve(io.cwd, path));
  if (mode & 0o077)
    writeLine(
      io.stderr,
      `jux serve: warning: the token file ${path} is readable by other users (mode ${(mode & 0o777).toString(8)}): chmod 600 ${path}`,
    );
  return keys;
}

/** The API keys from --token, --token-file and JUX_SERVE_TOKENS (set, even to "", means keys are meant). */
export async function serveTokens(
  flags: string[] | undefined,
  file: string | undefined,
  io: CliIo,
): Promise<string[]> {
  const env = io.env.JUX_SERVE_TOKENS;
  const keys = [
    ...keysOf(flags ?? [], "--token", "give the key itself"),
    ...(file !== undefined ? await fileKeys(file, io) : []),
    ...(env !== undefined
      ? keysOf(env.split(","), "JUX_SERVE_TOKENS", "remove the stray comma or blank, or unset it")
      : []),
  ];
  const short = keys.filter((k) => k.length < STRONG_KEY_LENGTH).length;
  if (short)
    writeLine(
      io.stderr,
      `jux serve: warning: ${short} API key(s) shorter than ${STRONG_KEY_LENGTH} characters can be guessed (and jux publish refuses keys under 8): use random keys, e.g. openssl rand -hex 24`,
    );
  return keys;
}

/** Keys shorter than this are warned about at start: guessable, and no rate limit is on by default. */
const STRONG_KEY_LENGTH = 16;

/** Whether every address `host` stands for is a loopback address. */
async function loopbackHost(host: string): Promise<boolean> {
  if (isIP(host)) return isLoopback(host);
  try {
    const addresses = await lookup(host, { all: true });
    return addresses.length > 0 && addresses.every((a) => isLoopback(a.address));
  } catch {
    throw new UsageError(
      `jux serve: --host ${host} does not resolve to an address: give an IP address or name`,
    );
  }
}

/**
 * Serving without keys is an explicit choice: --open, or the default on a loopback address. --open with keys
 * is a contradiction; a non-loopback address without keys needs --open.
 */
export async function checkOpenBind(host: string, keys: number, open: boolean): Promise<void> {
  if (keys && open)
    throw new UsageError(
      "jux serve: --open contradicts the API keys given (--token, --token-file, JUX_SERVE_TOKENS): drop --open to require a key, or drop the keys",
    );
  if (keys || open || (await loopbackHost(host))) return;
  throw new UsageError(
    `jux serve: --host ${host} is reachable from other machines and no API key is set: set JUX_SERVE_TOKENS (or --token-file PATH) so that only key holders may submit, or pass --open to let anyone who can reach it submit`,
  );
}

/** The host names to answer besides localhost and IP literals: the --host name and each --allowed-host. */
export function allowedHostsFrom(host: string, extra: string[]): string[] {
  const names = extra.map((given) => {
    const name = hostName(given);
    if (!name || !/^[a-z0-9_.-]+$/.test(name) || isIP(name))
      throw new UsageError(
        `jux serve: --allowed-host takes a host name such as jux.example.com (got ${JSON.stringify(given)}); IP addresses are always answered`,
      );
    return name;
  });
  return isIP(host) ? names : [host.toLowerCase(), ...names];
}

/** What --oidc-issuer, --oidc-audience and --oidc-allow (or their JUX_SERVE_OIDC_* variables) configure. */
export interface OidcSettings {
  issuer: string;
  audience: string;
  allow: ClaimPattern[];
}

/**
 * The OIDC settings, each flag before its variable (JUX_SERVE_OIDC_ALLOW: patterns separated by commas or
 * newlines, added to the flags'); undefined when no issuer is named. The issuer must be https: (its keys are
 * fetched from it: over http a man in the middle could hand out his own), and an audience and a pattern are needed.
 */
export function oidcSettings(
  values: { issuer?: string | undefined; audience?: string | undefined; allow?: string[] | undefined },
  env: NodeJS.ProcessEnv,
): OidcSettings | undefined {
  const issuer = (values.issuer ?? env.JUX_SERVE_OIDC_ISSUER)?.trim() || undefined;
  const audience = (values.audience ?? env.JUX_SERVE_OIDC_AUDIENCE)?.trim() || undefined;
  const given = [...(values.allow ?? []), ...(env.JUX_SERVE_OIDC_ALLOW?.split(/[,\n]/) ?? [])]
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (!issuer) {
    if (audience || given.length)
      throw new UsageError(
        "jux serve: --oidc-audience and --oidc-allow need --oidc-issuer URL (e.g. https://token.actions.githubusercontent.com)",
      );
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = new URL(issuer);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== "https:" || url.search || url.hash || url.username || url.password)
    throw new UsageError(
      `jux serve: --oidc-issuer must be an https:// URL without query or credentials (got ${JSON.stringify(issuer)}): ` +
        "the issuer's keys are fetched from it, and over http anyone on the path could hand out keys of their own",
    );
  if (!audience)
    throw new UsageError(
      "jux serve: --oidc-issuer needs --oidc-audience AUD, the audience tokens must be issued for (the action's oidc_audience, GitLab's id_tokens aud), e.g. the server's URL",
    );
  if (!given.length)
    throw new UsageError(
      "jux serve: --oidc-issuer needs at least one --oidc-allow PATTERN naming who may publish, e.g. 'repo:OWNER/*:ref:refs/heads/main' or 'repository_owner=OWNER' (an issuer such as GitHub's signs tokens for every repository)",
    );
  const allow = given.map((p) => {
    try {
      return parseClaimPattern(p);
    } catch (e) {
      throw new UsageError(`jux serve: ${(e as Error).message}`);
    }
  });
  return { issuer, audience, allow };
}
