import { maskSecret, OPTIONS, type Candidate, type ConfigCheck } from "../../core/config/index.js";
import { profileEnvPrefix } from "../../core/config/profiles.js";
import { redactConfigText } from "../../core/config/redact.js";
import { json } from "../../core/command/args.js";
import { writeLine, type CliIo } from "../../core/command/io.js";

/** `jux config list --profiles`: each profile the files define, where, and which one is in effect. */
export function printProfiles(check: ConfigCheck, format: "text" | "json", io: CliIo): number {
  const names = [...new Set(check.profiles.map((p) => p.name))];
  const rows = names.map((name) => ({
    name,
    defined_in: check.profiles.filter((p) => p.name === name).map((p) => p.where),
    in_effect: name === check.profile,
  }));
  if (format === "json") writeLine(io.stdout, json(rows));
  else if (!rows.length)
    writeLine(
      io.stdout,
      "no profiles defined (a [profile NAME] section in .jux.conf or the user file defines one; see docs/configuration.md)",
    );
  else
    for (const r of rows)
      writeLine(io.stdout, `${r.name}${r.in_effect ? " (in effect)" : ""}: ${r.defined_in.join(", ")}`);
  return 0;
}

/** The lines of a file from a section's header (1-based) to the next header, without trailing blank lines. */
function sectionText(text: string, line: number): string {
  const lines = text.split(/\r?\n/);
  let end = line;
  while (end < lines.length && !/^\s*\[/.test(lines[end] ?? "")) end++;
  while (end > line && (lines[end - 1] ?? "").trim() === "") end--;
  return lines.slice(line - 1, end).join("\n") + "\n";
}

/** The line number of "/x/.jux.conf:12". */
function lineOf(where: string): number | undefined {
  const m = /:(\d+)$/.exec(where);
  return m ? Number(m[1]) : undefined;
}

/**
 * `jux --profile NAME config view`: the profile's sections in each file (secrets masked) and the
 * JUX_PROFILE_<NAME>_* variables set (secrets' values masked).
 */
export function printProfileView(check: ConfigCheck, profile: string, secrets: string[], io: CliIo): number {
  const used = check.candidates.filter((c: Candidate) => c.status === "used");
  for (const c of used) {
    const sections = (c.read?.profiles ?? []).filter((p) => p.name === profile);
    if (!sections.length || c.text === undefined) continue;
    writeLine(io.stdout, `==> ${c.path} (${c.kind} file), profile ${profile} <==`);
    for (const s of sections) {
      const line = lineOf(s.where);
      if (line !== undefined) io.stdout.write(redactConfigText(sectionText(c.text, line), secrets));
    }
  }
  const prefix = profileEnvPrefix(profile);
  const variables = OPTIONS.flatMap((o) =>
    o.env
      .map((v) => prefix + v.replace(/^JUX_/, ""))
      .filter((v) => (io.env[v] ?? "").trim() !== "")
      .map((v) => `${v}=${o.secret ? maskSecret(io.env[v] ?? "") : io.env[v]}`),
  );
  if (variables.length) {
    writeLine(io.stdout, `==> environment, profile ${profile} <==`);
    for (const v of variables) writeLine(io.stdout, v);
  }
  return 0;
}
