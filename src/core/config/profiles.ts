import { join } from "node:path";
import type { Entry } from "./files.js";
import type { Candidate } from "./locations.js";
import { OPTIONS, type JuxConfig, type Origin } from "./schema.js";
import { isEmpty } from "./values.js";
import { serverTag } from "../github/names.js";
import { defaultStorageBase } from "../store/location.js";

/**
 * Named profiles: `[profile NAME]` sections of jux's INI files and `[tool.jux.profile.NAME]` tables of
 * pyproject.toml, chosen with `--profile NAME` or JUX_PROFILE; JUX_PROFILE_<NAME>_<OPTION> variables set the
 * chosen profile's options from the environment (its API key, typically).
 */

/** A profile's name: what fits in an environment variable's name once upper-cased (`-` becomes `_`). */
export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Where a profile is defined: a file's section header. */
export interface ProfileDefinition {
  name: string;
  /** "/x/.jux.conf:12", the section's header. */
  where: string;
}

/** The profile asked for, and who asked: "--profile" or "JUX_PROFILE". */
export interface ProfileChoice {
  name: string;
  where: string;
}

/** The profile chosen by the flag, else by JUX_PROFILE; undefined for none (an empty value is none). */
export function chosenProfile(flag: string | undefined, env: NodeJS.ProcessEnv): ProfileChoice | undefined {
  if (flag !== undefined && flag.trim() !== "") return { name: flag.trim(), where: "--profile" };
  const fromEnv = env.JUX_PROFILE?.trim();
  return fromEnv ? { name: fromEnv, where: "JUX_PROFILE" } : undefined;
}

/** The profiles the files define, in file order (lowest priority first), each file's in its own order. */
export function definedProfiles(used: Candidate[]): ProfileDefinition[] {
  return used.flatMap((c) => c.read?.profiles ?? []);
}

/** The prefix of a profile's variables: JUX_PROFILE_STAGING_ for `staging` (and for `Staging`). */
export function profileEnvPrefix(name: string): string {
  return `JUX_PROFILE_${name.toUpperCase().replace(/-/g, "_")}_`;
}

/** `JUX_PROFILE_<NAME>_API_URL`, … for every option's variables, the chosen profile's values from the environment. */
export function profileEnvEntries(name: string, env: NodeJS.ProcessEnv, cwd: string): Entry[] {
  const prefix = profileEnvPrefix(name);
  const entries: Entry[] = [];
  for (const spec of OPTIONS) {
    const variable = spec.env.map((v) => prefix + v.replace(/^JUX_/, "")).find((v) => !isEmpty(env[v]));
    if (variable !== undefined)
      entries.push({
        spec,
        raw: env[variable],
        kind: "env",
        where: variable,
        key: variable,
        baseDir: cwd,
        profile: name,
      });
  }
  return entries;
}

/** The problem of a profile asked for that is no valid name, or that no file defines (naming the ones that exist and where). */
export function unknownProfile(choice: ProfileChoice, defined: ProfileDefinition[]): string | undefined {
  if (!PROFILE_NAME.test(choice.name))
    return `${choice.where}: "${choice.name}" is not a valid profile name (letters, digits, - and _, at most 64, starting with a letter or digit): jux config list --profiles lists the profiles defined`;
  if (defined.some((d) => d.name === choice.name)) return undefined;
  const names = [...new Set(defined.map((d) => d.name))];
  const known = names.length
    ? `the profiles defined are ${names
        .map(
          (n) =>
            `${n} (${defined
              .filter((d) => d.name === n)
              .map((d) => d.where)
              .join(", ")})`,
        )
        .join(", ")}`
    : "no configuration file defines a profile (add a [profile NAME] section to .jux.conf or the user file; jux config list --profiles)";
  return `${choice.where}: profile "${choice.name}" is not defined: ${known}`;
}

export interface StoreContext {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  homedir: string;
}

/**
 * A profile whose api_url differs from the base configuration's gets its own store (and so its own queue),
 * keyed by the server as the action keys its queue: `<default store>/servers/<server tag>`. Only when no
 * source sets storage_path; returns the storage path and its origin, or undefined to leave the default.
 */
export function profileStore(
  profile: string,
  config: JuxConfig,
  origins: Record<keyof JuxConfig, Origin>,
  baseApiUrl: string | undefined,
  ctx: StoreContext,
): { path: string; origin: Origin } | undefined {
  if (origins.storagePath.kind !== "default" || config.apiUrl === undefined) return undefined;
  if (config.apiUrl === baseApiUrl) return undefined;
  const tag = serverTag(config.apiUrl);
  return {
    path: join(defaultStorageBase(ctx), "servers", tag),
    origin: {
      kind: "default",
      where: `default for profile ${profile}: its api_url differs from the base configuration's, so its store is the server's (${tag})`,
    },
  };
}
