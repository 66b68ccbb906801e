import type { Entry } from "./files.js";
import {
  DEFAULTS,
  OPTIONS,
  type JuxConfig,
  type OptionSpec,
  type Origin,
  type SourceKind,
} from "./schema.js";
import { convert, isEmpty, ValueError, type ValueContext } from "./values.js";

/** A value a source gives that cannot be used, with the problem (as in `problems`). */
export interface InvalidValue {
  key: keyof JuxConfig;
  where: string;
  problem: string;
}

/** Highest priority first (a step's inputs are read alone, by configFromInputs). */
const ORDER: SourceKind[] = ["input", "cli", "env", "project", "user", "system"];
const FILES: SourceKind[] = ["project", "user", "system"];

/**
 * An entry's priority, 0 highest: input, cli, the profile's JUX_PROFILE_<NAME>_* variables, JUX_*, then the
 * profile's sections of the project, user and system files, then their base sections.
 */
function rank(e: Entry): number {
  const file = FILES.indexOf(e.kind);
  if (file >= 0) return 4 + file + (e.profile === undefined ? FILES.length : 0);
  if (e.kind === "env") return e.profile === undefined ? 3 : 2;
  return ORDER.indexOf(e.kind);
}

function defaultOrigin(spec: OptionSpec, config: Partial<JuxConfig>): Origin {
  if (spec.name === "storage_mode")
    return {
      kind: "default",
      where: config.apiUrl === undefined ? "default, as no api_url is set" : "default, as api_url is set",
    };
  return { kind: "default", where: "default" };
}

export interface Merged {
  config: JuxConfig;
  origins: Record<keyof JuxConfig, Origin>;
  /** The refused values, lowest priority first. */
  invalid: InvalidValue[];
}

/**
 * The sources' entries over the defaults, higher priorities winning; each refused value is added to
 * `problems` as "WHERE: [KEY:] WHY". `naming` says how the sources name other options in their messages.
 */
export function mergeEntries(
  entries: Entry[],
  homedir: string,
  problems: string[],
  naming: Pick<ValueContext, "apiKeyName"> = {},
): Merged {
  const values: Record<string, unknown> = { ...DEFAULTS, properties: [], redact: [], recordEnv: [] };
  const origins: Partial<Record<keyof JuxConfig, Origin>> = {};
  const invalid: InvalidValue[] = [];
  for (const entry of [...entries].sort((a, b) => rank(b) - rank(a))) {
    if (isEmpty(entry.raw)) continue;
    try {
      values[entry.spec.key] = convert(entry.spec, entry.raw, { ...naming, baseDir: entry.baseDir, homedir });
      origins[entry.spec.key] = {
        kind: entry.kind,
        where: entry.where,
        ...(entry.profile !== undefined ? { profile: entry.profile } : {}),
      };
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      const label =
        entry.kind === "input" || entry.kind === "env" || entry.kind === "cli" ? "" : ` ${entry.key}:`;
      problems.push(`${entry.where}:${label} ${e.message}`);
      invalid.push({ key: entry.spec.key, where: entry.where, problem: e.message });
    }
  }
  const config = values as unknown as JuxConfig;
  if (config.storageMode === undefined) config.storageMode = config.apiUrl === undefined ? "local" : "cache";
  for (const spec of OPTIONS) origins[spec.key] ??= defaultOrigin(spec, config);
  return { config, origins: origins as Record<keyof JuxConfig, Origin>, invalid };
}
