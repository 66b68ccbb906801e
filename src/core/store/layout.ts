/**
 * Where the store keeps what (upstream pytest-jux's layout): `reports/<hash>.xml` (kept), `queue/<hash>.xml`
 * (waiting to be published), `rejected/` (refused for good, with `<hash>.reason.json`), `quarantine/` (files that
 * failed their integrity check), `index.json` and `.lock`. The one place that joins the store's folder names.
 */
import { join } from "node:path";
import type { Area } from "./types.js";

/** A folder of the store: an area, or the quarantine. */
export type Place = Area | "quarantine";

export class StoreLayout {
  constructor(readonly base: string) {}

  /** The file of a report in an area. */
  path(area: Area, hash: string): string {
    return join(this.base, area, `${hash}.xml`);
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
    return join(this.base, "rejected", `${hash}.reason.json`);
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
