/** What the main step says about the run whose reports it took: in the log and as a section of the job summary. */
import * as core from "@actions/core";
import { errorMessage } from "../../core/errors.js";
import { cell, printable } from "../markdown.js";
import type { TakenReports } from "./from-run.js";
import { isFork } from "./metadata.js";

/** Names shown in a list before the rest are counted. */
const SHOWN = 20;

function list(names: string[], show: (s: string) => string): string {
  const shown = names.slice(0, SHOWN).map(show).join(", ");
  return names.length > SHOWN ? `${shown} and ${names.length - SHOWN} more` : shown;
}

/** One line per fact, each value of the run's made safe by `show` (its branch and names are the fork's words). */
export function originFacts(t: TakenReports, repository: string, show: (s: string) => string): string[] {
  const r = t.run;
  const from = isFork(r, repository) ? `a fork, ${show(r.headRepository ?? "(deleted)")}` : `this repository`;
  const lines = [
    `run ${r.id} (attempt ${r.attempt}, event ${show(r.event)}${r.workflow ? `, workflow ${show(r.workflow)}` : ""}), as the ${r.source} describes it`,
    `code from ${from}: branch ${show(r.headBranch)}, commit ${r.headSha}`,
  ];
  if (t.pull && "number" in t.pull)
    lines.push(`pull request ${show(`#${t.pull.number}`)}, found by its head commit`);
  else if (t.pull) lines.push(`no pull request number: ${show(t.pull.none)}`);
  lines.push(t.taken.length ? `artifacts read: ${list(t.taken, show)}` : "no artifact of the run was read");
  for (const r of t.refused)
    lines.push(`refused: ${show(r.reason.startsWith(r.name) ? r.reason : `${r.name}: ${r.reason}`)}`);
  if (t.others.length)
    lines.push(`other artifacts of the run (not named by from_artifact): ${list(t.others, show)}`);
  if (t.ignored.length)
    lines.push(`${t.ignored.length} file(s) not ending in .xml left out: ${list(t.ignored, show)}`);
  return lines;
}

/** Logs the facts, and writes them as a summary section when the summary is on (a failure is a warning). */
export async function tellOrigin(t: TakenReports, repository: string, summary: boolean): Promise<void> {
  for (const line of originFacts(t, repository, (s) => s)) core.info(printable(`jux: from_run: ${line}`));
  if (!summary) return;
  const items = originFacts(t, repository, cell).map((l) => `- ${l}`);
  try {
    await core.summary.addRaw(`### Jux: the reports of run ${t.run.id}\n\n${items.join("\n")}\n\n`).write();
  } catch (e) {
    core.warning(`jux: the job summary could not be written: ${errorMessage(e)}`);
  }
}
