import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { writeFileAtomic } from "../../core/fs/atomic-file.js";
import {
  checkConfig,
  ConfigError,
  OPTIONS,
  type Candidate,
  type JuxConfig,
  type LoadOptions,
  type OptionSpec,
} from "../../core/config/index.js";
import { redactConfigText } from "../../core/config/redact.js";
import { redactionNamingNothing } from "../../core/junit/metadata.js";
import { configTemplate } from "../../core/config/template.js";
import { printDump } from "./config-dump.js";
import { printProfiles, printProfileView } from "./config-profiles.js";
import { loadOptionsOf } from "../settings.js";
import { json, parse } from "../../core/command/args.js";
import { UsageError, writeLine, type CliIo, type Command } from "../../core/command/io.js";

const USAGE = `Usage: jux config <list|dump|view|init|validate> [options]

The configuration: command line > environment (JUX_*) > project file > user file > system file > defaults,
per option; with --profile NAME (or JUX_PROFILE), JUX_PROFILE_<NAME>_* variables rank above JUX_*, and the
profile's [profile NAME] sections above every file's base section. The project file is the first found from the working directory up to the repository's top, in
each directory .jux.conf, then pyproject.toml [tool.jux], pytest.ini ([jux], or jux_ keys in [pytest]),
setup.cfg ([jux], or jux_ keys in [tool:pytest]). The user file is $XDG_CONFIG_HOME/jux/config
(~/.config/jux/config), else ~/.jux/config; the system file /etc/jux/config.

Subcommands:
  list [--format text|json] [--profiles]
                                        every option: name, type, default, environment variable, description;
                                        --profiles: the profiles the files define instead, and where
  dump [--format text|json]             the effective values and where each comes from (secrets masked)
  view [--all]                          the configuration files read and their contents (secrets masked);
                                        --all also lists the places looked at where nothing was used;
                                        with --profile NAME (or JUX_PROFILE): that profile's sections and
                                        variables only
  init [--template minimal|full] [--path FILE] [--force]
                                        write a commented configuration file (default ./.jux.conf)
  validate [--strict]                   check every source; list every problem; --strict: unknown keys too,
                                        and a redact item naming no property jux adds (a typo) is said
  -h, --help                            show this help
`;

const FORMAT = { format: { type: "string" }, help: { type: "boolean", short: "h" } } as const;

function loadOptions(io: CliIo): LoadOptions {
  return loadOptionsOf(io);
}

function formatFlag(value: string | undefined, command: string): "text" | "json" {
  if (value === undefined || value === "text" || value === "json") return value ?? "text";
  throw new UsageError(`jux config ${command}: --format must be text or json, got "${value}"`);
}

function typeLabel(spec: OptionSpec): string {
  switch (spec.type) {
    case "enum":
      return spec.choices?.join("|") ?? "enum";
    case "int":
      return spec.max === Number.MAX_SAFE_INTEGER
        ? `integer >= ${spec.min}`
        : `integer ${spec.min}..${spec.max}`;
    case "seconds":
      return "seconds";
    case "bool":
      return "boolean";
    case "env-name":
      return "variable name";
    case "header":
      return "header name";
    case "properties":
      return "NAME=VALUE list";
    case "size":
      return "size (e.g. 500MB)";
    case "patterns":
      return "pattern list";
    case "names":
      return "variable name list";
    default:
      return spec.type;
  }
}

function warn(io: CliIo, warnings: string[]): void {
  for (const w of warnings) writeLine(io.stderr, `warning: ${w}`);
}

const LIST = { ...FORMAT, profiles: { type: "boolean" } } as const;

const list: Command = async (argv, io) => {
  const { values } = parse(argv, LIST, "config list");
  const format = formatFlag(values.format, "list");
  if (values.profiles) return printProfiles(await checkConfig(loadOptions(io)), format, io);
  const rows = OPTIONS.map((o) => ({
    name: o.name,
    ...(o.aliases.length ? { aliases: o.aliases } : {}),
    type: typeLabel(o),
    default: o.defaultText,
    env: o.env,
    description: o.description,
    used_by: o.usedBy.map((c) => `jux ${c}`),
    secret: o.secret,
  }));
  if (format === "json") writeLine(io.stdout, json(rows));
  else
    for (const r of rows)
      writeLine(
        io.stdout,
        `${r.name}${r.aliases ? ` (also ${r.aliases.join(", ")})` : ""}: ${r.type}, default ${r.default}, env ${r.env.join(" or ")}\n    ${r.description}\n    used by: ${r.used_by.join(", ") || "no jux command (pytest-jux's plugin reads it)"}`,
      );
  return 0;
};

const dump: Command = async (argv, io) => {
  const format = formatFlag(parse(argv, FORMAT, "config dump").values.format, "dump");
  return printDump(await checkConfig(loadOptions(io)), format, io);
};

const VIEW = { all: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;

/** Every secret value any source holds, so that view can hide it wherever it appears. */
function knownSecrets(candidates: Candidate[], env: NodeJS.ProcessEnv): string[] {
  const fromFiles = candidates.flatMap((c) =>
    (c.read?.entries ?? [])
      .filter((e) => e.spec.secret && typeof e.raw === "string")
      .map((e) => String(e.raw)),
  );
  const secretEnv = OPTIONS.filter((o) => o.secret).flatMap((o) => o.env);
  const isSecretVariable = (name: string) =>
    secretEnv.includes(name) ||
    (name.startsWith("JUX_PROFILE_") && secretEnv.some((v) => name.endsWith(v.replace(/^JUX/, ""))));
  const fromEnv = Object.keys(env)
    .filter(isSecretVariable)
    .map((name) => env[name] ?? "");
  return [...fromFiles, ...fromEnv].map((s) => s.trim()).filter((s) => s.length > 0);
}

const view: Command = async (argv, io) => {
  const all = parse(argv, VIEW, "config view").values.all === true;
  const check = await checkConfig(loadOptions(io));
  const { candidates } = check;
  const secrets = knownSecrets(candidates, io.env);
  if (check.profile !== undefined) {
    // Chosen by --profile or JUX_PROFILE: a problem with it is that source's (exit 2 for the flag, 1 for the variable).
    const bad = check.problems.find((p) => p.startsWith("--profile: ") || p.startsWith("JUX_PROFILE: "));
    if (bad) throw new ConfigError(bad, [bad]);
    return printProfileView(check, check.profile, secrets, io);
  }
  const used = candidates.filter((c) => c.status === "used");
  for (const c of candidates) {
    if (c.status === "used") {
      writeLine(io.stdout, `==> ${c.path} (${c.kind} file) <==`);
      const text = c.text === undefined ? `(${c.read?.problems[0] ?? "cannot be read"})\n` : c.text;
      io.stdout.write(redactConfigText(text.endsWith("\n") ? text : text + "\n", secrets));
    } else if (all) {
      writeLine(
        io.stdout,
        `--- ${c.path} (${c.kind} file): ${c.status === "absent" ? "absent" : `not used: ${c.note}`}`,
      );
    }
  }
  if (!used.length && !all)
    writeLine(io.stdout, "no configuration files found (jux config view --all lists the places looked at)");
  return 0;
};

const INIT = {
  template: { type: "string" },
  path: { type: "string" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const init: Command = async (argv, io) => {
  const { values } = parse(argv, INIT, "config init");
  const template = values.template ?? "minimal";
  if (template !== "minimal" && template !== "full")
    throw new UsageError(`jux config init: --template must be minimal or full, got "${template}"`);
  const path = resolve(io.cwd, values.path ?? ".jux.conf");
  await writeFileAtomic(path, configTemplate(template), 0o644, {
    overwrite: values.force === true,
  });
  writeLine(io.stdout, `wrote ${path} (${template} template)`);
  return 0;
};

const VALIDATE = { strict: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;

function missingFiles(config: JuxConfig): string[] {
  const paths: [string, string | undefined][] = [
    ["key_path", config.keyPath],
    ["cert_path", config.certPath],
  ];
  return paths
    .filter(([, p]) => p !== undefined && !existsSync(p))
    .map(([name, p]) => `${name}: ${p} does not exist`);
}

const validate: Command = async (argv, io) => {
  const strict = parse(argv, VALIDATE, "config validate").values.strict === true;
  const check = await checkConfig(loadOptions(io), strict);
  const config = check.loaded?.config;
  const typos = strict && config ? config.redact.flatMap((r) => redactionNamingNothing(r) ?? []) : [];
  warn(io, [...check.warnings, ...(config ? missingFiles(config) : []), ...typos]);
  for (const p of check.problems) writeLine(io.stderr, `error: ${p}`);
  if (!check.loaded) {
    const n = check.problems.length;
    writeLine(io.stderr, `jux config validate: ${n} problem${n === 1 ? "" : "s"}`);
    // As every command: a problem only with the command line (--profile) is a usage error.
    return check.problems.every((p) => p.startsWith("--")) ? 2 : 1;
  }
  const files = check.loaded.files;
  writeLine(io.stdout, `configuration valid (files read: ${files.length ? files.join(", ") : "none"})`);
  return 0;
};

const SUBCOMMANDS: Record<string, Command> = { list, dump, view, init, validate };

export const config: Command = async (argv, io) => {
  const [name, ...rest] = argv;
  if (
    name === "--help" ||
    name === "-h" ||
    name === "help" ||
    rest.includes("--help") ||
    rest.includes("-h")
  ) {
    io.stdout.write(USAGE);
    return 0;
  }
  const sub = name === undefined ? undefined : SUBCOMMANDS[name];
  if (!sub)
    throw new UsageError(
      `jux config: ${name === undefined ? "a subcommand is required" : `unknown subcommand "${name}"`} (${Object.keys(SUBCOMMANDS).join(", ")}; see jux config --help)`,
    );
  return sub(rest, io);
};
