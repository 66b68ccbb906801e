import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Entry } from "./files.js";
import { findFiles, type Candidate } from "./locations.js";
import { ConfigError, OPTIONS, optionNamed, type JuxConfig, type Origin } from "./schema.js";
import { mergeEntries, type Merged } from "./merge.js";
import { isEmpty } from "./values.js";
import { publishes } from "../publish/storage-mode.js";
import {
  chosenProfile,
  definedProfiles,
  profileEnvEntries,
  profileStore,
  unknownProfile,
  type ProfileDefinition,
} from "./profiles.js";

export type { InvalidValue } from "./merge.js";

export interface LoadedConfig {
  config: JuxConfig;
  origins: Record<keyof JuxConfig, Origin>;
  /** The files read, lowest priority first. */
  files: string[];
  /** Things worth telling the user that do not make the configuration invalid. */
  warnings: string[];
  /** Those of `warnings` about a file holding the API key where others may read it: every command using the key prints them. */
  exposedSecrets: string[];
  /** The profile in effect (--profile or JUX_PROFILE), when one is. */
  profile?: string;
}

export interface LoadOptions {
  /** Command-line values by option name in snake_case, e.g. { api_url: "https://..." }. */
  cli?: Partial<Record<string, string | boolean | string[]>>;
  env: NodeJS.ProcessEnv;
  cwd: string;
  homedir: string;
  platform?: NodeJS.Platform;
  /** Default: JUX_SYSTEM_CONFIG, else /etc/jux/config. */
  systemFile?: string;
  /** The profile of `--profile` (JUX_PROFILE otherwise). */
  profile?: string;
}

export interface ConfigCheck {
  /** Undefined when there are problems. */
  loaded?: LoadedConfig;
  /** Every problem, each one line naming its source. */
  problems: string[];
  warnings: string[];
  /** Every file looked for, and what became of it. */
  candidates: Candidate[];
  /** What could be read even when there are problems (for `jux config dump`): the bad values are left out. */
  partial: Merged & { files: string[] };
  /** Every profile the files define, lowest priority file first. */
  profiles: ProfileDefinition[];
  /** The profile asked for (by --profile or JUX_PROFILE), defined or not. */
  profile?: string;
}

function flagOf(name: string): string {
  return `--${name.replace(/_/g, "-")}`;
}

function cliEntries(cli: LoadOptions["cli"], cwd: string): Entry[] {
  const entries: Entry[] = [];
  for (const [key, raw] of Object.entries(cli ?? {})) {
    if (raw === undefined) continue;
    const name = key.replace(/^--/, "").replace(/-/g, "_");
    const spec = optionNamed(name);
    if (!spec) throw new ConfigError(`${flagOf(name)}: not a configuration option`);
    entries.push({ spec, raw, kind: "cli", where: flagOf(name), key: name, baseDir: cwd });
  }
  return entries;
}

function envEntries(env: NodeJS.ProcessEnv, cwd: string, problems: string[]): Entry[] {
  const entries: Entry[] = [];
  for (const spec of OPTIONS) {
    const set = spec.env.filter((name) => !isEmpty(env[name]));
    const [first, ...others] = set;
    if (first === undefined) continue;
    const differing = others.filter((name) => env[name]?.trim() !== env[first]?.trim());
    if (differing.length)
      problems.push(`${[first, ...differing].join(" and ")} are both set, to different values: set one`);
    entries.push({ spec, raw: env[first], kind: "env", where: first, key: first, baseDir: cwd });
  }
  return entries;
}

async function looseSecretFile(c: Candidate, platform: NodeJS.Platform): Promise<string | undefined> {
  if (c.kind === "project")
    return `${c.path}: holds bearer_token, and a project file may be committed: prefer JUX_API_KEY in the environment`;
  if (platform === "win32") return undefined;
  const mode = (await stat(c.path).catch(() => undefined))?.mode ?? 0;
  return mode & 0o044
    ? `${c.path}: holds bearer_token and can be read by other users (chmod 600 ${c.path})`
    : undefined;
}

async function fileWarnings(
  used: Candidate[],
  platform: NodeJS.Platform,
): Promise<{ warnings: string[]; exposed: string[] }> {
  const warnings: string[] = [];
  const exposed: string[] = [];
  for (const c of used) {
    warnings.push(...(c.read?.warnings ?? []));
    if (c.read?.entries.some((e) => e.spec.secret && !isEmpty(e.raw))) {
      const loose = await looseSecretFile(c, platform);
      if (loose) {
        warnings.push(loose);
        exposed.push(loose);
      }
    }
  }
  return { warnings, exposed };
}

function configWarnings(config: JuxConfig): string[] {
  if (publishes(config.storageMode) && config.apiUrl === undefined)
    return [`storage_mode is ${config.storageMode} but no api_url is set: publishing will fail`];
  return [];
}

/**
 * Reads every source and reports every problem (not only the first). With `strict`, unknown keys in the
 * files are problems rather than warnings.
 */
export async function checkConfig(opts: LoadOptions, strict = false): Promise<ConfigCheck> {
  const platform = opts.platform ?? process.platform;
  const candidates = await findFiles({ ...opts, cwd: resolve(opts.cwd), platform });
  const used = candidates.filter((c) => c.status === "used");
  const problems = used.flatMap((c) => c.read?.problems ?? []);
  const unknown = used.flatMap((c) => c.read?.unknown ?? []);
  if (strict) problems.push(...unknown);
  const profiles = definedProfiles(used);
  const choice = chosenProfile(opts.profile, opts.env);
  // A file that cannot be read may define it: its own problem says what to fix first.
  const missing = choice && !problems.length ? unknownProfile(choice, profiles) : undefined;
  if (missing) problems.push(missing);
  const profile = choice && !missing ? choice.name : undefined;
  const base = [
    ...cliEntries(opts.cli, opts.cwd),
    ...envEntries(opts.env, opts.cwd, problems),
    ...used.flatMap((c) => c.read?.entries ?? []),
  ];
  const chosen = profile === undefined ? [] : profileEnvEntries(profile, opts.env, opts.cwd);
  const entries = [...base.filter((e) => e.profile === undefined || e.profile === profile), ...chosen];
  const merged = mergeEntries(entries, opts.homedir, problems);
  if (profile !== undefined) {
    const baseApiUrl = mergeEntries(
      base.filter((e) => e.profile === undefined),
      opts.homedir,
      [],
    ).config.apiUrl;
    const store = profileStore(profile, merged.config, merged.origins, baseApiUrl, { ...opts, platform });
    if (store) {
      merged.config.storagePath = store.path;
      merged.origins.storagePath = store.origin;
    }
  }
  const fromFiles = await fileWarnings(used, platform);
  const warnings = [...(strict ? [] : unknown), ...fromFiles.warnings, ...configWarnings(merged.config)];
  const files = used.map((c) => c.path);
  const partial = { ...merged, files };
  const about = { profiles, ...(choice ? { profile: choice.name } : {}) };
  if (problems.length) return { problems, warnings, candidates, partial, ...about };
  const { config, origins } = merged;
  const loaded = {
    config,
    origins,
    files,
    warnings,
    exposedSecrets: fromFiles.exposed,
    ...(profile !== undefined ? { profile } : {}),
  };
  return { loaded, problems, warnings, candidates, partial, ...about };
}

/** The effective configuration; a ConfigError (the first problem, and all of them in `problems`) if invalid. */
export async function loadConfig(opts: LoadOptions): Promise<LoadedConfig> {
  const check = await checkConfig(opts);
  if (check.loaded) return check.loaded;
  const [first = "invalid configuration", ...rest] = check.problems;
  const more = rest.length
    ? ` (and ${rest.length} more problem${rest.length > 1 ? "s" : ""}: jux config validate lists them)`
    : "";
  throw new ConfigError(first + more, check.problems);
}
