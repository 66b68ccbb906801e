/**
 * Where the store keeps what (upstream pytest-jux's layout): `reports/<hash>.xml` (kept), `queue/<hash>.xml`
 * (waiting to be published), `rejected/` (refused for good, with `<hash>.reason.json`), `quarantine/` (files that
 * failed their integrity check), `index.json` and `.lock`. The one place that joins the store's folder names.
 */
import { join } from "node:path";
import type { Area } from "./types.js";

/** A report's file name wherever reports are kept by hash (the store's areas, the rejected reports' artifact). */
export function reportFileName(hash: string): string {
  return `${hash}.xml`;
}

/** The file beside a rejected report holding the server's reason. */
export function rejectionFileName(hash: string): string {
  return `${hash}.reason.json`;
}

/** A folder of the store: an area, or the quarantine. */
export type Place = Area | "quarantine";

export class StoreLayout {
  constructor(readonly base: string) {}

  /** The file of a report in an area. */
  path(area: Area, hash: string): string {
    return join(this.base, area, reportFileName(hash));
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
