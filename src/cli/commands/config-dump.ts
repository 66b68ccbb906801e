import {
  maskSecret,
  OPTIONS,
  type ConfigCheck,
  type JuxConfig,
  type OptionSpec,
} from "../../core/config/index.js";
import { json } from "../../core/command/args.js";
import { EXIT, writeLine, type CliIo } from "../../core/command/io.js";
import type { Property } from "../../core/junit/summary.js";
import { bytes } from "./cache/format.js";

type Shown = string | number | boolean | Property[] | string[] | null;

function shown(config: JuxConfig, spec: OptionSpec): Shown {
  const value = config[spec.key];
  if (value === undefined) return null;
  return spec.secret ? maskSecret(typeof value === "string" ? value : JSON.stringify(value)) : value;
}

function asText(value: Shown, spec: OptionSpec): string {
  if (value === null) return "(not set)";
  // A size as jux cache stats and the limits' warnings print it (kB, MB: powers of 1000, as max_size reads them).
  if (spec.type === "size" && typeof value === "number") return `${value} bytes (${bytes(value)})`;
  if (Array.isArray(value))
    return value.length
      ? value.map((p) => (typeof p === "string" ? p : `${p.name}=${p.value}`)).join(", ")
      : "(none)";
  return String(value);
}

/** The refused values of one option, highest priority first (the one a command would have used). */
function invalidOf(check: ConfigCheck, spec: OptionSpec): { where: string; problem: string }[] {
  return check.partial.invalid
    .filter((i) => i.key === spec.key)
    .reverse()
    .map(({ where, problem }) => ({ where, problem }));
}

/** `name = value  (source)`, or the bad value marked INVALID with its source and problem. */
function line(check: ConfigCheck, spec: OptionSpec): string {
  const { config, origins } = check.partial;
  const bad = invalidOf(check, spec);
  if (bad.length) return `${spec.name} = INVALID  (${bad.map((b) => `${b.where}: ${b.problem}`).join("; ")})`;
  const origin = origins[spec.key];
  const value = shown(config, spec);
  const where = origin.profile === undefined ? origin.where : `${origin.where}, profile ${origin.profile}`;
  if (spec.secret && value !== null) return `${spec.name} = (set, from ${where})`;
  return `${spec.name} = ${asText(value, spec)}  (${where})`;
}

function summary(problems: string[]): string {
  const n = problems.length;
  return `jux config dump: ${n} problem${n === 1 ? "" : "s"} (above); a value marked INVALID is not used, and every jux command refuses the configuration until it is fixed (jux config validate checks it)`;
}

/**
 * `jux config dump`: the effective values and their sources. A bad value does not stop it: everything else is
 * printed, the bad value is marked INVALID with its source and problem, the problems go to stderr, exit 1.
 */
export function printDump(check: ConfigCheck, format: "text" | "json", io: CliIo): number {
  const { config, origins, files } = check.partial;
  for (const w of check.warnings) writeLine(io.stderr, `warning: ${w}`);
  if (format === "json") {
    const options = Object.fromEntries(
      OPTIONS.map((o) => {
        const invalid = invalidOf(check, o);
        const row = { value: shown(config, o), set: config[o.key] !== undefined, ...origins[o.key] };
        return [o.name, invalid.length ? { value: null, set: false, invalid } : row];
      }),
    );
    const profile = check.profile === undefined ? {} : { profile: check.profile };
    writeLine(io.stdout, json({ files, ...profile, options, problems: check.problems }));
  } else {
    writeLine(io.stdout, `# files read: ${files.length ? files.join(", ") : "none"}`);
    if (check.profile !== undefined) writeLine(io.stdout, `# profile: ${check.profile}`);
    for (const o of OPTIONS) writeLine(io.stdout, line(check, o));
  }
  if (!check.problems.length) return EXIT.ok;
  for (const p of check.problems) writeLine(io.stderr, `error: ${p}`);
  writeLine(io.stderr, summary(check.problems));
  return EXIT.failure;
}
