import { OPTIONS, type OptionSpec } from "./schema.js";

export type TemplateName = "minimal" | "full";

const HEADER = `# jux configuration: section [jux], one "option = value" per line; "#" or ";" starts a comment line.
# Precedence: command line > environment (JUX_*) > this project file > user file > system file > defaults.
# "jux config list" describes every option, "jux config dump" shows the effective values and their sources.
# A [profile NAME] section below [jux] overrides it when chosen with jux --profile NAME or JUX_PROFILE=NAME.
# Every setting below is commented out: uncomment one to set it (a value set here overrides the user and
# system files for everyone working in this project).
`;

const TOKEN_NOTE = `# The API key (bearer_token) does not belong in a file that may be committed: set JUX_API_KEY.`;

function example(spec: OptionSpec): string {
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

function fullEntry(spec: OptionSpec): string {
  if (spec.secret) return TOKEN_NOTE;
  const env = spec.env.length ? ` (environment: ${spec.env.join(", ")})` : "";
  return `# ${spec.name}: ${spec.description}${env}; default ${spec.defaultText}\n# ${spec.name} = ${example(spec)}`;
}

/** What a new user sets first: the key pair of the quick start (jux keygen --output key.pem --cert) and a server. */
const MINIMAL = `[jux]
# key_path = key.pem
# cert_path = key.crt
# project_name = my-project
# api_url = https://jux.example.com/api/v1
${TOKEN_NOTE}
`;

/** The text `jux config init` writes; each commented-out setting is valid once uncommented. */
export function configTemplate(name: TemplateName): string {
  if (name === "minimal") return HEADER + "\n" + MINIMAL;
  return `${HEADER}\n[jux]\n${OPTIONS.map(fullEntry).join("\n\n")}\n`;
}
