import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  bytes
} from "./chunk-OXD67FX5.js";
import "./chunk-J5DVWMKE.js";
import {
  ConfigError,
  OPTIONS,
  checkConfig,
  isSecretKey,
  loadOptionsOf,
  maskSecret,
  profileEnvPrefix
} from "./chunk-2JDYEZ2Q.js";
import {
  EXIT,
  UsageError,
  json,
  parse,
  writeFileAtomic,
  writeLine
} from "./chunk-FDG5WOXJ.js";
import {
  redactionNamingNothing
} from "./chunk-KE6R4GHG.js";
import {
  require_fs,
  require_path
} from "./chunk-QDVVVQI6.js";
import {
  __toESM
} from "./chunk-3XIP2PPI.js";

// src/cli/commands/config.ts
var import_node_fs = __toESM(require_fs(), 1);
var import_node_path = __toESM(require_path(), 1);

// src/core/config/redact.ts
var ASSIGNMENT = /^(\s*)(["']?)([A-Za-z0-9_.-]+)\2(\s*[=:]\s*)(.*)$/;
function opensMultiline(value) {
  const quote = value.startsWith('"""') ? '"""' : value.startsWith("'''") ? "'''" : void 0;
  return quote !== void 0 && !value.slice(3).includes(quote) ? quote : void 0;
}
var INI = /* @__PURE__ */ Symbol("an INI value with continuation lines");
function redactConfigText(text, secrets = []) {
  const out = [];
  let continuing;
  for (const line2 of text.split("\n")) {
    if (continuing === INI && /^\s+\S/.test(line2) && !/^\s*[#;]/.test(line2)) {
      out.push(line2.replace(/\S.*$/, maskSecret("")));
      continue;
    }
    if (continuing !== void 0 && continuing !== INI) {
      if (line2.includes(continuing)) continuing = void 0;
      out.push(maskSecret(""));
      continue;
    }
    continuing = void 0;
    const m = ASSIGNMENT.exec(line2);
    if (m && isSecretKey(m[3] ?? "")) {
      const value = m[5] ?? "";
      continuing = opensMultiline(value) ?? INI;
      out.push(`${m[1]}${m[2]}${m[3]}${m[2]}${m[4]}${value.trim() === "" ? "" : maskSecret(value)}`);
      continue;
    }
    out.push(line2);
  }
  let redacted = out.join("\n");
  for (const secret of secrets)
    if (secret.length > 0) redacted = redacted.split(secret).join(maskSecret(secret));
  return redacted;
}

// src/core/config/template.ts
var HEADER = `# jux configuration: section [jux], one "option = value" per line; "#" or ";" starts a comment line.
# Precedence: command line > environment (JUX_*) > this project file > user file > system file > defaults.
# "jux config list" describes every option, "jux config dump" shows the effective values and their sources.
# A [profile NAME] section below [jux] overrides it when chosen with jux --profile NAME or JUX_PROFILE=NAME.
# Every setting below is commented out: uncomment one to set it (a value set here overrides the user and
# system files for everyone working in this project).
`;
var TOKEN_NOTE = `# The API key (bearer_token) does not belong in a file that may be committed: set JUX_API_KEY.`;
function example(spec) {
  switch (spec.name) {
    case "api_url":
      return "https://jux.example.com/api/v1";
    case "key_path":
      return "jux-key.pem";
    case "cert_path":
      return "jux-key.crt";
    case "storage_path":
      return "~/.local/share/jux";
    case "storage_mode":
      return "local";
    case "key_passphrase_env":
      return "JUX_KEY_PASSPHRASE";
    case "project_name":
      return "my-project";
    case "properties":
      return "team=qa, suite=nightly";
    case "max_size":
      return "500MB";
    case "max_reports":
      return "1000";
    case "record_env":
      return "CI_*, DEPLOY_ENV";
    case "redact":
      return "env:*TOKEN*, jux:username=mask";
    default:
      return spec.defaultText;
  }
}
function fullEntry(spec) {
  if (spec.secret) return TOKEN_NOTE;
  const env = spec.env.length ? ` (environment: ${spec.env.join(", ")})` : "";
  return `# ${spec.name}: ${spec.description}${env}; default ${spec.defaultText}
# ${spec.name} = ${example(spec)}`;
}
var MINIMAL = `[jux]
# key_path = key.pem
# cert_path = key.crt
# project_name = my-project
# api_url = https://jux.example.com/api/v1
${TOKEN_NOTE}
`;
function configTemplate(name) {
  if (name === "minimal") return HEADER + "\n" + MINIMAL;
  return `${HEADER}
[jux]
${OPTIONS.map(fullEntry).join("\n\n")}
`;
}

// src/cli/commands/config-dump.ts
function shown(config2, spec) {
  const value = config2[spec.key];
  if (value === void 0) return null;
  return spec.secret ? maskSecret(typeof value === "string" ? value : JSON.stringify(value)) : value;
}
function asText(value, spec) {
  if (value === null) return "(not set)";
  if (spec.type === "size" && typeof value === "number") return `${value} bytes (${bytes(value)})`;
  if (Array.isArray(value))
    return value.length ? value.map((p) => typeof p === "string" ? p : `${p.name}=${p.value}`).join(", ") : "(none)";
  return String(value);
}
function invalidOf(check, spec) {
  return check.partial.invalid.filter((i) => i.key === spec.key).reverse().map(({ where, problem }) => ({ where, problem }));
}
function line(check, spec) {
  const { config: config2, origins } = check.partial;
  const bad = invalidOf(check, spec);
  if (bad.length) return `${spec.name} = INVALID  (${bad.map((b) => `${b.where}: ${b.problem}`).join("; ")})`;
  const origin = origins[spec.key];
  const value = shown(config2, spec);
  const where = origin.profile === void 0 ? origin.where : `${origin.where}, profile ${origin.profile}`;
  if (spec.secret && value !== null) return `${spec.name} = (set, from ${where})`;
  return `${spec.name} = ${asText(value, spec)}  (${where})`;
}
function summary(problems) {
  const n = problems.length;
  return `jux config dump: ${n} problem${n === 1 ? "" : "s"} (above); a value marked INVALID is not used, and every jux command refuses the configuration until it is fixed (jux config validate checks it)`;
}
function printDump(check, format, io) {
  const { config: config2, origins, files } = check.partial;
  for (const w of check.warnings) writeLine(io.stderr, `warning: ${w}`);
  if (format === "json") {
    const options = Object.fromEntries(
      OPTIONS.map((o) => {
        const invalid = invalidOf(check, o);
        const row = { value: shown(config2, o), set: config2[o.key] !== void 0, ...origins[o.key] };
        return [o.name, invalid.length ? { value: null, set: false, invalid } : row];
      })
    );
    const profile = check.profile === void 0 ? {} : { profile: check.profile };
    writeLine(io.stdout, json({ files, ...profile, options, problems: check.problems }));
  } else {
    writeLine(io.stdout, `# files read: ${files.length ? files.join(", ") : "none"}`);
    if (check.profile !== void 0) writeLine(io.stdout, `# profile: ${check.profile}`);
    for (const o of OPTIONS) writeLine(io.stdout, line(check, o));
  }
  if (!check.problems.length) return EXIT.ok;
  for (const p of check.problems) writeLine(io.stderr, `error: ${p}`);
  writeLine(io.stderr, summary(check.problems));
  return EXIT.failure;
}

// src/cli/commands/config-profiles.ts
function printProfiles(check, format, io) {
  const names = [...new Set(check.profiles.map((p) => p.name))];
  const rows = names.map((name) => ({
    name,
    defined_in: check.profiles.filter((p) => p.name === name).map((p) => p.where),
    in_effect: name === check.profile
  }));
  if (format === "json") writeLine(io.stdout, json(rows));
  else if (!rows.length)
    writeLine(
      io.stdout,
      "no profiles defined (a [profile NAME] section in .jux.conf or the user file defines one; see docs/configuration.md)"
    );
  else
    for (const r of rows)
      writeLine(io.stdout, `${r.name}${r.in_effect ? " (in effect)" : ""}: ${r.defined_in.join(", ")}`);
  return 0;
}
function sectionText(text, line2) {
  const lines = text.split(/\r?\n/);
  let end = line2;
  while (end < lines.length && !/^\s*\[/.test(lines[end] ?? "")) end++;
  while (end > line2 && (lines[end - 1] ?? "").trim() === "") end--;
  return lines.slice(line2 - 1, end).join("\n") + "\n";
}
function lineOf(where) {
  const m = /:(\d+)$/.exec(where);
  return m ? Number(m[1]) : void 0;
}
function printProfileView(check, profile, secrets, io) {
  const used = check.candidates.filter((c) => c.status === "used");
  for (const c of used) {
    const sections = (c.read?.profiles ?? []).filter((p) => p.name === profile);
    if (!sections.length || c.text === void 0) continue;
    writeLine(io.stdout, `==> ${c.path} (${c.kind} file), profile ${profile} <==`);
    for (const s of sections) {
      const line2 = lineOf(s.where);
      if (line2 !== void 0) io.stdout.write(redactConfigText(sectionText(c.text, line2), secrets));
    }
  }
  const prefix = profileEnvPrefix(profile);
  const variables = OPTIONS.flatMap(
    (o) => o.env.map((v) => prefix + v.replace(/^JUX_/, "")).filter((v) => (io.env[v] ?? "").trim() !== "").map((v) => `${v}=${o.secret ? maskSecret(io.env[v] ?? "") : io.env[v]}`)
  );
  if (variables.length) {
    writeLine(io.stdout, `==> environment, profile ${profile} <==`);
    for (const v of variables) writeLine(io.stdout, v);
  }
  return 0;
}

// src/cli/commands/config.ts
var USAGE = `Usage: jux config <list|dump|view|init|validate> [options]

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
var FORMAT = { format: { type: "string" }, help: { type: "boolean", short: "h" } };
function loadOptions(io) {
  return loadOptionsOf(io);
}
function formatFlag(value, command) {
  if (value === void 0 || value === "text" || value === "json") return value ?? "text";
  throw new UsageError(`jux config ${command}: --format must be text or json, got "${value}"`);
}
function typeLabel(spec) {
  switch (spec.type) {
    case "enum":
      return spec.choices?.join("|") ?? "enum";
    case "int":
      return spec.max === Number.MAX_SAFE_INTEGER ? `integer >= ${spec.min}` : `integer ${spec.min}..${spec.max}`;
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
function warn(io, warnings) {
  for (const w of warnings) writeLine(io.stderr, `warning: ${w}`);
}
var LIST = { ...FORMAT, profiles: { type: "boolean" } };
var list = async (argv, io) => {
  const { values } = parse(argv, LIST, "config list");
  const format = formatFlag(values.format, "list");
  if (values.profiles) return printProfiles(await checkConfig(loadOptions(io)), format, io);
  const rows = OPTIONS.map((o) => ({
    name: o.name,
    ...o.aliases.length ? { aliases: o.aliases } : {},
    type: typeLabel(o),
    default: o.defaultText,
    env: o.env,
    description: o.description,
    used_by: o.usedBy.map((c) => `jux ${c}`),
    secret: o.secret
  }));
  if (format === "json") writeLine(io.stdout, json(rows));
  else
    for (const r of rows)
      writeLine(
        io.stdout,
        `${r.name}${r.aliases ? ` (also ${r.aliases.join(", ")})` : ""}: ${r.type}, default ${r.default}, env ${r.env.join(" or ")}
    ${r.description}
    used by: ${r.used_by.join(", ") || "no jux command (pytest-jux's plugin reads it)"}`
      );
  return 0;
};
var dump = async (argv, io) => {
  const format = formatFlag(parse(argv, FORMAT, "config dump").values.format, "dump");
  return printDump(await checkConfig(loadOptions(io)), format, io);
};
var VIEW = { all: { type: "boolean" }, help: { type: "boolean", short: "h" } };
function knownSecrets(candidates, env) {
  const fromFiles = candidates.flatMap(
    (c) => (c.read?.entries ?? []).filter((e) => e.spec.secret && typeof e.raw === "string").map((e) => String(e.raw))
  );
  const secretEnv = OPTIONS.filter((o) => o.secret).flatMap((o) => o.env);
  const isSecretVariable = (name) => secretEnv.includes(name) || name.startsWith("JUX_PROFILE_") && secretEnv.some((v) => name.endsWith(v.replace(/^JUX/, "")));
  const fromEnv = Object.keys(env).filter(isSecretVariable).map((name) => env[name] ?? "");
  return [...fromFiles, ...fromEnv].map((s) => s.trim()).filter((s) => s.length > 0);
}
var view = async (argv, io) => {
  const all = parse(argv, VIEW, "config view").values.all === true;
  const check = await checkConfig(loadOptions(io));
  const { candidates } = check;
  const secrets = knownSecrets(candidates, io.env);
  if (check.profile !== void 0) {
    const bad = check.problems.find((p) => p.startsWith("--profile: ") || p.startsWith("JUX_PROFILE: "));
    if (bad) throw new ConfigError(bad, [bad]);
    return printProfileView(check, check.profile, secrets, io);
  }
  const used = candidates.filter((c) => c.status === "used");
  for (const c of candidates) {
    if (c.status === "used") {
      writeLine(io.stdout, `==> ${c.path} (${c.kind} file) <==`);
      const text = c.text === void 0 ? `(${c.read?.problems[0] ?? "cannot be read"})
` : c.text;
      io.stdout.write(redactConfigText(text.endsWith("\n") ? text : text + "\n", secrets));
    } else if (all) {
      writeLine(
        io.stdout,
        `--- ${c.path} (${c.kind} file): ${c.status === "absent" ? "absent" : `not used: ${c.note}`}`
      );
    }
  }
  if (!used.length && !all)
    writeLine(io.stdout, "no configuration files found (jux config view --all lists the places looked at)");
  return 0;
};
var INIT = {
  template: { type: "string" },
  path: { type: "string" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" }
};
var init = async (argv, io) => {
  const { values } = parse(argv, INIT, "config init");
  const template = values.template ?? "minimal";
  if (template !== "minimal" && template !== "full")
    throw new UsageError(`jux config init: --template must be minimal or full, got "${template}"`);
  const path = (0, import_node_path.resolve)(io.cwd, values.path ?? ".jux.conf");
  await writeFileAtomic(path, configTemplate(template), 420, {
    overwrite: values.force === true
  });
  writeLine(io.stdout, `wrote ${path} (${template} template)`);
  return 0;
};
var VALIDATE = { strict: { type: "boolean" }, help: { type: "boolean", short: "h" } };
function missingFiles(config2) {
  const paths = [
    ["key_path", config2.keyPath],
    ["cert_path", config2.certPath]
  ];
  return paths.filter(([, p]) => p !== void 0 && !(0, import_node_fs.existsSync)(p)).map(([name, p]) => `${name}: ${p} does not exist`);
}
var validate = async (argv, io) => {
  const strict = parse(argv, VALIDATE, "config validate").values.strict === true;
  const check = await checkConfig(loadOptions(io), strict);
  const config2 = check.loaded?.config;
  const typos = strict && config2 ? config2.redact.flatMap((r) => redactionNamingNothing(r) ?? []) : [];
  warn(io, [...check.warnings, ...config2 ? missingFiles(config2) : [], ...typos]);
  for (const p of check.problems) writeLine(io.stderr, `error: ${p}`);
  if (!check.loaded) {
    const n = check.problems.length;
    writeLine(io.stderr, `jux config validate: ${n} problem${n === 1 ? "" : "s"}`);
    return check.problems.every((p) => p.startsWith("--")) ? 2 : 1;
  }
  const files = check.loaded.files;
  writeLine(io.stdout, `configuration valid (files read: ${files.length ? files.join(", ") : "none"})`);
  return 0;
};
var SUBCOMMANDS = { list, dump, view, init, validate };
var config = async (argv, io) => {
  const [name, ...rest] = argv;
  if (name === "--help" || name === "-h" || name === "help" || rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(USAGE);
    return 0;
  }
  const sub = name === void 0 ? void 0 : SUBCOMMANDS[name];
  if (!sub)
    throw new UsageError(
      `jux config: ${name === void 0 ? "a subcommand is required" : `unknown subcommand "${name}"`} (${Object.keys(SUBCOMMANDS).join(", ")}; see jux config --help)`
    );
  return sub(rest, io);
};
export {
  config
};
