import { isSecretKey, maskSecret } from "./schema.js";

const ASSIGNMENT = /^(\s*)(["']?)([A-Za-z0-9_.-]+)\2(\s*[=:]\s*)(.*)$/;

function opensMultiline(value: string): string | undefined {
  const quote = value.startsWith('"""') ? '"""' : value.startsWith("'''") ? "'''" : undefined;
  return quote !== undefined && !value.slice(3).includes(quote) ? quote : undefined;
}

/**
 * A configuration file's text with the values of secret keys (bearer_token, api_key, passphrases; INI
 * continuation lines and TOML multi-line strings included) replaced, then every known secret value wherever
 * it still appears.
 */
const INI = Symbol("an INI value with continuation lines");

export function redactConfigText(text: string, secrets: readonly string[] = []): string {
  const out: string[] = [];
  /** What ends the value being redacted: INI (the indented continuation lines end) or a TOML closing delimiter. */
  let continuing: typeof INI | string | undefined;
  for (const line of text.split("\n")) {
    if (continuing === INI && /^\s+\S/.test(line) && !/^\s*[#;]/.test(line)) {
      out.push(line.replace(/\S.*$/, maskSecret("")));
      continue;
    }
    if (continuing !== undefined && continuing !== INI) {
      if (line.includes(continuing)) continuing = undefined;
      out.push(maskSecret(""));
      continue;
    }
    continuing = undefined;
    const m = ASSIGNMENT.exec(line);
    if (m && isSecretKey(m[3] ?? "")) {
      const value = m[5] ?? "";
      continuing = opensMultiline(value) ?? INI;
      out.push(`${m[1]}${m[2]}${m[3]}${m[2]}${m[4]}${value.trim() === "" ? "" : maskSecret(value)}`);
      continue;
    }
    out.push(line);
  }
  let redacted = out.join("\n");
  for (const secret of secrets)
    if (secret.length > 0) redacted = redacted.split(secret).join(maskSecret(secret));
  return redacted;
}
