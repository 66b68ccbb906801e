import type { Entry } from "./files.js";
import { mergeEntries } from "./merge.js";
import { ConfigError, OPTIONS, optionNamed, type JuxConfig, type OptionSpec, type Origin } from "./schema.js";
import type { RawValue } from "./values.js";

/** A CI step's input by name, "" when not given (as @actions/core's getInput answers). */
export type InputGetter = (name: string) => string;

export interface InputContext {
  /** Relative paths in the inputs are relative to this (the workspace). */
  cwd: string;
  homedir: string;
}

export interface InputConfig {
  config: JuxConfig;
  origins: Record<keyof JuxConfig, Origin>;
}

/** A list input holds one item per line (as GitHub's multi-line inputs do), so an item may hold commas. */
function rawOf(spec: OptionSpec, text: string): RawValue {
  if (spec.type !== "properties" && spec.type !== "patterns") return text;
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  return lines.length ? lines : "";
}

/** The options that have an input, each under its input's name. */
export const INPUT_OPTIONS: readonly (OptionSpec & { input: string })[] = OPTIONS.filter(
  (o): o is OptionSpec & { input: string } => o.input !== undefined,
);

/**
 * The configuration a step's inputs give, over the defaults, checked by the same parsers and ranges as the
 * files, the environment and the flags. Throws a ConfigError with every problem, each naming its input
 * ("input max_retries: must be at most 100, got \"101\""); a secret's value is never part of one.
 */
export function configFromInputs(get: InputGetter, ctx: InputContext): InputConfig {
  const entries: Entry[] = INPUT_OPTIONS.map((spec) => ({
    spec,
    raw: rawOf(spec, get(spec.input)),
    kind: "input",
    where: `input ${spec.input}`,
    key: spec.input,
    baseDir: ctx.cwd,
  }));
  const problems: string[] = [];
  const apiKeyInput = optionNamed("bearer_token")?.input;
  const naming = apiKeyInput ? { apiKeyName: `the ${apiKeyInput} input` } : {};
  const { config, origins } = mergeEntries(entries, ctx.homedir, problems, naming);
  if (problems.length) throw new ConfigError(problems.join("; "), problems);
  return { config, origins };
}
