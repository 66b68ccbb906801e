/** Crafted queue entries for the queue entry reader's tests: tar streams built in-process, fresh directories. */
import { afterAll } from "@jest/globals";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pack, type Header } from "tar-stream";

export const STAGING = ".jux-action-queue";
export type Member = { header: Partial<Header> & { name: string }; body?: string };

export async function tarOf(members: Member[]): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on("data", (c: unknown) => void chunks.push(c as Buffer));
  const ended = new Promise<void>((done) => tar.on("end", done));
  for (const m of members) tar.entry(m.header, m.body ?? "");
  tar.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** The bytes in small chunks, as a decompressor would hand them over. */
export async function* chunked(bytes: Buffer, size = 1000): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const made: string[] = [];
/** A new temporary directory, removed after the test file's tests (the importing file's afterAll). */
export const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), "jux-extract-test-"));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
export const root: Member = { header: { name: `${STAGING}/`, type: "directory" } };
export const file = (name: string, body = "x"): Member => ({ header: { name, type: "file" }, body });
