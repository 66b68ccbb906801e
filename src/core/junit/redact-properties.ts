import { globRegExp } from "../text.js";
import type { Property } from "./summary.js";

/**
 * Redaction of the properties jux adds to a report, before it is signed: the `redact` option's glob patterns
 * over property names (`env:*TOKEN*`, `jux:username`), and a built-in list that keeps secret-looking
 * variables out of `env:*` properties whoever asked for them.
 */

/** The value of a masked property: the name stays, so a reader knows something was there. */
export const MASK = "***";

/**
 * Variable names never recorded as `env:NAME`, whatever `record_env`, `properties` or `--property` ask
 * (case-insensitive globs; a `redact` pattern with `=mask` may keep the name with the value masked).
 */
export const SECRET_VARIABLES: readonly string[] = [
  "*TOKEN*",
  "*SECRET*",
  "*PASSWORD*",
  "*PASSWD*",
  "*PASSPHRASE*",
  "*API_KEY*",
  "*APIKEY*",
  "*PRIVATE_KEY*",
  "*ACCESS_KEY*",
  "*CREDENTIAL*",
  "*_PAT",
  "*_PAT_*",
  "*JWT*",
  "*_PASS",
  "*_PASS_*",
  "*_PWD",
  "*_KEY",
  "*_KEY_*",
  "*_AUTH*",
  "AUTH_*",
  "*OAUTH*",
  "*COOKIE*",
  "*WEBHOOK*",
  "*DATABASE_URL*",
  "*_DSN",
  "*CONNECTION_STRING*",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "GITHUB_TOKEN",
  "ACTIONS_RUNTIME_TOKEN",
  "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
  "ACTIONS_ID_TOKEN_REQUEST_URL",
  "ACTIONS_RUNTIME_URL",
  "ACTIONS_RESULTS_URL",
  "ACTIONS_CACHE_URL",
  "JUX_BEARER_TOKEN",
  "JUX_API_KEY",
  "NPM_AUTH*",
  "NODE_AUTH*",
  "SSH_AUTH_SOCK",
];

/** A glob over names: `*` any characters (`:` included), `?` one; case-insensitive. */
export function globMatcher(pattern: string): (name: string) => boolean {
  const re = globRegExp(pattern, true);
  return (name) => re.test(name);
}

type Action = "remove" | "mask";

interface Rule {
  matches: (name: string) => boolean;
  action: Action;
}

/** `env:*TOKEN*` (remove), `jux:username=mask`, `git:remote=remove`: as the configuration checked them. */
function ruleOf(pattern: string): Rule {
  const m = /^(.*)=(mask|remove)$/.exec(pattern);
  return { matches: globMatcher(m?.[1] ?? pattern), action: (m?.[2] as Action | undefined) ?? "remove" };
}

const SECRET_MATCHERS = SECRET_VARIABLES.map(globMatcher);

/** Whether an environment variable's name looks like it holds a secret (the built-in list). */
export function isSecretVariable(name: string): boolean {
  return SECRET_MATCHERS.some((matches) => matches(name));
}

/**
 * The properties with those the patterns name removed or masked (the first matching pattern decides), and
 * every remaining `env:NAME` whose NAME is on the built-in list removed.
 */
export function redactProperties(properties: readonly Property[], patterns: readonly string[]): Property[] {
  const rules = patterns.map(ruleOf);
  const out: Property[] = [];
  for (const p of properties) {
    const rule = rules.find((r) => r.matches(p.name));
    if (rule?.action === "mask") out.push({ name: p.name, value: MASK });
    else if (rule === undefined && !(/^env:/i.test(p.name) && isSecretVariable(p.name.slice(4)))) out.push(p);
  }
  return out;
}

/** The names among `properties` that redactProperties would remove or mask (each once, in order). */
export function redactedNames(properties: readonly Property[], patterns: readonly string[]): string[] {
  const kept = new Map(redactProperties(properties, patterns).map((p) => [p.name, p.value]));
  const names = properties
    .filter((p) => !kept.has(p.name) || kept.get(p.name) !== p.value)
    .map((p) => p.name);
  return [...new Set(names)];
}

/** The `env:NAME` properties `record_env` asks for: each set variable a pattern names, sorted by name. */
export function recordedEnv(env: NodeJS.ProcessEnv, patterns: readonly string[]): Property[] {
  if (!patterns.length) return [];
  const matchers = patterns.map(globMatcher);
  return Object.keys(env)
    .filter((name) => env[name] !== undefined && env[name] !== "" && matchers.some((m) => m(name)))
    .sort()
    .map((name) => ({ name: `env:${name}`, value: env[name]! }));
}
