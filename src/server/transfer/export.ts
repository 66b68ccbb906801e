import { setImmediate as turn } from "node:timers/promises";
import type { Writable } from "node:stream";
import { writeStreamAtomic } from "../../core/fs/atomic-file.js";
import { drained } from "../../core/fs/drained.js";
import type { Store } from "../store.js";
import { headerLine, runLine, trailerLine, type ExportFilter } from "./format.js";

/** Runs read per query: their facts only; each one's XML is read on its own, just before it is written. */
const PAGE = 100;

async function write(out: Writable, text: string): Promise<void> {
  if (out.errored) throw out.errored;
  out.write(text);
  await drained(out);
}

/**
 * Writes the runs the filter selects, oldest stored first, as the export format: one page of facts and one report
 * in memory at a time, whatever the database's size. How many runs.
 */
export async function exportRuns(
  store: Store,
  out: Writable,
  filter: ExportFilter,
  now: Date,
  signal?: AbortSignal,
): Promise<number> {
  await write(out, headerLine(filter, now));
  let runs = 0;
  for (let after = 0; ;) {
    await turn(); // lets a signal (Ctrl-C) be heard between pages
    signal?.throwIfAborted();
    const page = await store.runsForExport(filter, after, PAGE);
    if (page.length === 0) break;
    for (const row of page) {
      const xml = await store.runXml(row.id);
      if (!xml) continue; // deleted since the page was read (retention, a replace): not exported
      await write(out, runLine(row, xml));
      runs++;
    }
    after = page[page.length - 1]!.rowid;
  }
  await write(out, trailerLine(runs));
  return runs;
}

/** The export written atomically (a temporary file renamed into place, mode 0600): complete, or not there. */
export async function exportToFile(
  store: Store,
  output: string,
  filter: ExportFilter,
  now: Date,
  signal?: AbortSignal,
): Promise<number> {
  return writeStreamAtomic(output, (out) => exportRuns(store, out, filter, now, signal), 0o600);
}
