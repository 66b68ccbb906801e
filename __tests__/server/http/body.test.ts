import { describe, expect, test } from "@jest/globals";
import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { readBody } from "../../../src/server/http/body.js";
import { HttpError } from "../../../src/server/http/errors.js";

/** A request whose body is `chunks`, sent after the read has started. */
function request(chunks: string[], headers: Record<string, string> = {}): IncomingMessage {
  const stream = Object.assign(new PassThrough(), { headers });
  setImmediate(() => {
    for (const c of chunks) stream.write(c);
    stream.end();
  });
  return stream as unknown as IncomingMessage;
}

async function refusedStatus(body: Promise<Buffer>): Promise<number> {
  const e = await body.then(
    () => undefined,
    (err: unknown) => err,
  );
  return e instanceof HttpError ? e.status : 0;
}

describe("readBody", () => {
  test("a body of exactly the limit, in chunks, is read whole", async () => {
    expect((await readBody(request(["abc", "de"]), 5)).toString()).toBe("abcde");
  });

  test("one byte over the limit, without a Content-Length, is a 413", async () => {
    expect(await refusedStatus(readBody(request(["abc", "def"]), 5))).toBe(413);
  });

  test("a declared Content-Length over the limit is a 413 before any byte is read", async () => {
    const req = request(["x"], { "content-length": "6" });
    expect(await refusedStatus(readBody(req, 5))).toBe(413);
    expect(req.readableFlowing).toBeNull();
  });
});
