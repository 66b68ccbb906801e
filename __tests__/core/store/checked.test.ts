/**
 * put takes a caller's strict read of the very Buffer it stores (checkedReport) instead of reading it again, and
 * only that: a read of another Buffer, of bytes changed since, or for another hash is ignored and the bytes are
 * read by the store, so a caller's mistake can never store a file under a hash that is not its own.
 */
import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadReportBytes } from "../../../src/core/publish/report-file.js";
import { describeReport } from "../../../src/core/store/describe.js";
import { checkedReport, ReportStore, StoreError } from "../../../src/core/store/store.js";
import { rejection } from "../../helpers/assert.js";
import { synthetic } from "../../helpers/store.js";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "jux-store-checked-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A store whose own reads of the reports it is given are counted (the real reader all the same). */
async function counting(name = "store") {
  const reads = { count: 0 };
  const store = await ReportStore.open(join(dir, name), {
    describe: (bytes, source) => {
      reads.count++;
      return describeReport(bytes, source);
    },
  });
  return { store, reads };
}

/** What a caller does: one strict read of `xml`, bound to that Buffer. */
async function checkedOf(xml: Buffer) {
  const read = await loadReportBytes(xml, "caller");
  return checkedReport(xml, { ...read, canonicalHash: read.hash });
}

const queued = (name = "store") => readdirSync(join(dir, name, "queue")).sort();

describe("put with the caller's read of the same Buffer", () => {
  test("is not read again; the entry is the one a read of its own gives", async () => {
    const a = await synthetic(1, 1);
    const { store, reads } = await counting();
    const { entry, created } = await store.put("queue", a.xml, a.hash, await checkedOf(a.xml));
    expect(reads.count).toBe(0);
    expect(created).toBe(true);
    const other = await counting("other");
    const own = await other.store.put("queue", a.xml, a.hash);
    expect(other.reads.count).toBe(1);
    expect({ ...entry, path: "", storedAt: "" }).toEqual({ ...own.entry, path: "", storedAt: "" });
    expect(entry).toMatchObject({ tests: 3, failures: 1, project: "demo", signed: false });
  });

  test("for another Buffer of the same bytes: ignored, the store reads them (stored all the same)", async () => {
    const a = await synthetic(1);
    const { store, reads } = await counting();
    await store.put("queue", Buffer.from(a.xml), a.hash, await checkedOf(a.xml));
    expect(reads.count).toBe(1);
    expect(queued()).toEqual([`${a.hash}.xml`]);
  });

  test("for other bytes: ignored; another report is refused under the checked one's hash, nothing stored", async () => {
    const a = await synthetic(1);
    const b = await synthetic(2);
    const { store, reads } = await counting();
    const checkedA = await checkedOf(a.xml);
    // b's bytes under a's hash, with a's read: the store reads b itself and refuses it.
    const e = await rejection(store.put("queue", b.xml, a.hash, checkedA));
    expect(e).toBeInstanceOf(StoreError);
    expect(e.message).toContain(`canonical hash is sha256:${b.hash}, not sha256:${a.hash}`);
    // a's read offered for b's bytes under b's own hash: ignored, b read and stored under its hash.
    await store.put("queue", b.xml, b.hash, checkedA);
    expect(reads.count).toBe(2);
    expect(queued()).toEqual([`${b.hash}.xml`]);
  });

  test("for the same Buffer changed since its read: ignored, and the changed report refused under the old hash", async () => {
    const a = await synthetic(1);
    const { store, reads } = await counting();
    const checked = await checkedOf(a.xml);
    const at = a.xml.indexOf('name="s1"') + 'name="s'.length;
    a.xml[at] = "9".charCodeAt(0);
    const e = await rejection(store.put("queue", a.xml, a.hash, checked));
    expect(e).toBeInstanceOf(StoreError);
    expect(e.message).toContain(`not sha256:${a.hash}`);
    expect(reads.count).toBe(1);
    expect(queued()).toEqual([]);
  });

  test("under another hash than the read found: ignored, and refused", async () => {
    const a = await synthetic(1);
    const b = await synthetic(2);
    const { store, reads } = await counting();
    const e = await rejection(store.put("queue", a.xml, b.hash, await checkedOf(a.xml)));
    expect(e).toBeInstanceOf(StoreError);
    expect(reads.count).toBe(1);
    expect(queued()).toEqual([]);
  });
});
