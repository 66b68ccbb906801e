/**
 * Where the store keeps what (upstream pytest-jux's layout): `reports/<hash>.xml` (kept), `queue/<hash>.xml`
 * (waiting to be published), `rejected/` (refused for good, with `<hash>.reason.json`), `quarantine/` (files that
 * failed their integrity check), `index.json` and `.lock`. A compressed report is `<hash>.xml.zst` or
 * `<hash>.xml.gz` (codec.ts): the hash stays the name. The one place that joins the store's folder names.
 */
import { join } from "node:path";
import { SUFFIX, type Compression } from "./codec.js";
import type { Area } from "./types.js";

/**
 * A report's file name wherever reports are kept by hash (the store's areas, the rejected reports' artifact):
 * `<hash>.xml`, or `<hash>.xml.zst` / `<hash>.xml.gz` when stored compressed.
 */
export function reportFileName(hash: string, compression: Compression = "none"): string {
  return `${hash}.xml${SUFFIX[compression]}`;
}

const NAME = /^(.+)\.xml(\.zst|\.gz)?$/;

/** The stem (a hash, in an area) and compression of a report file's name; undefined for any other name. */
export function parseReportName(name: string): { stem: string; compression: Compression } | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  const compression = m[2] === ".zst" ? "zstd" : m[2] === ".gz" ? "gzip" : "none";
  return { stem: m[1]!, compression };
}

/** The file beside a rejected report holding the server's reason. */
export function rejectionFileName(hash: string): string {
  return `${hash}.reason.json`;
}

/** A folder of the store: an area, or the quarantine. */
export type Place = Area | "quarantine";

export class StoreLayout {
  constructor(readonly base: string) {}

  /** The file of a report in an area, stored with `compression` (default: as pytest-jux, `<hash>.xml`). */
  path(area: Area, hash: string, compression: Compression = "none"): string {
    return join(this.base, area, reportFileName(hash, compression));
  }

  /** How a report in an area is named to the user, relative to the store (`queue/<hash>.xml`). */
  id(area: Area, hash: string): string {
    return `${area}/${reportFileName(hash)}`;
  }

  /** A folder of the store. */
  dir(place: Place): string {
    return join(this.base, place);
  }

  /** A file of a folder, by name. */
  file(place: Place, name: string): string {
    return join(this.base, place, name);
  }

  /** The server's reason beside a rejected report. */
  rejectionPath(hash: string): string {
    return join(this.base, "rejected", rejectionFileName(hash));
  }

  /** Cache mode's intent to queue a report (leftovers.ts). */
  intentPath(hash: string): string {
    return join(this.base, "queue", `.${hash}.queueing`);
  }

  get indexPath(): string {
    return join(this.base, "index.json");
  }

  get lockPath(): string {
    return join(this.base, ".lock");
  }
}
