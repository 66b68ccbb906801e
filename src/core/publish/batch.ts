import { errorMessage } from "../errors.js";
import type { JuxClient, PublishOutcome } from "./client.js";

export interface BatchItem {
  /** Names the report in results (a file name or a hash). */
  id: string;
  /** The bytes, or how to read them when their turn comes (so a long queue is not held in memory at once). */
  xml: Buffer | (() => Promise<Buffer>);
  canonicalHash: string;
}

async function bytesOf(item: BatchItem): Promise<Buffer | { reason: string }> {
  if (Buffer.isBuffer(item.xml)) return item.xml;
  try {
    return await item.xml();
  } catch (e) {
    return { reason: `could not read the report: ${errorMessage(e)}` };
  }
}

export interface BatchOptions {
  /** Reports in flight at once (default 4). */
  concurrency?: number;
  /** After this many reports in a row fail transiently, the rest are not sent (default 3). */
  giveUpAfter?: number;
  /** Called after each report's outcome is known (for a progress line on a terminal). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Publishes reports with bounded concurrency. A server that is clearly down (several reports in a row failed
 * after their retries) is not asked again: the remaining reports come back `transient` without a request,
 * so a dead host costs a few retry ladders, not one per report.
 */
export async function publishBatch(
  client: JuxClient,
  items: BatchItem[],
  options: BatchOptions = {},
): Promise<Map<string, PublishOutcome>> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const giveUpAfter = Math.max(1, options.giveUpAfter ?? 3);
  const results = new Map<string, PublishOutcome>();
  let next = 0;
  let failuresInARow = 0;
  let lastReason = "";
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      if (failuresInARow >= giveUpAfter) {
        results.set(item.id, {
          outcome: "transient",
          reason: `not sent: ${failuresInARow} reports in a row failed (last: ${lastReason})`,
          attempts: 0,
        });
        options.onProgress?.(results.size, items.length);
        continue;
      }
      const xml = await bytesOf(item);
      if (!Buffer.isBuffer(xml)) {
        // A local problem, not the server's: it says nothing about whether the server is down.
        results.set(item.id, { outcome: "transient", reason: xml.reason, attempts: 0 });
        options.onProgress?.(results.size, items.length);
        continue;
      }
      const outcome = await client.publish(xml, item.canonicalHash);
      results.set(item.id, outcome);
      options.onProgress?.(results.size, items.length);
      if (outcome.outcome === "transient") {
        failuresInARow++;
        lastReason = outcome.reason;
      } else failuresInARow = 0;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
