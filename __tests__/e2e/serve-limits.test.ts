/**
 * Review findings on jux serve (issue 11): a request target that is not a URL must not end the process, and
 * the bytes of submissions held at once are bounded (--max-pending): beyond it a submission is answered 503
 * with Retry-After before its body is read, and is admitted again once the others are answered.
 */
import { afterAll, afterEach, describe, expect, it } from "@jest/globals";
import { connect, type Socket } from "node:net";
import { BACKENDS } from "../helpers/postgres.js";
import { API, cleanUp, startServer, submit, type Server } from "../helpers/serve.js";

afterAll(cleanUp);

/** Sends raw bytes on a new connection; resolves with what the server answered until it closed or `ms`. */
function raw(server: Server, bytes: string, ms = 3000): Promise<string> {
  return new Promise((done, fail) => {
    const socket = connect(server.port, "127.0.0.1");
    let got = "";
    const timer = setTimeout(() => (socket.destroy(), done(got)), ms);
    socket.setEncoding("utf8").on("data", (s: string) => (got += s));
    socket.on("close", () => (clearTimeout(timer), done(got)));
    socket.on("error", (e) => (clearTimeout(timer), fail(e)));
    socket.write(bytes);
  });
}

/** A report of about `size` bytes with the project property jux serve requires. */
function report(name: string, size: number): Buffer {
  const head = `<testsuite name="${name}" tests="1"><properties><property name="project" value="limits"/></properties><testcase classname="c" name="t"><system-out>`;
  const tail = `</system-out></testcase></testsuite>\n`;
  return Buffer.from(head + "x".repeat(Math.max(0, size - head.length - tail.length)) + tail);
}

/** Opens a submission of `body`, sends its headers and all but its last byte, and holds it there. */
function heldSubmission(server: Server, body: Buffer): { socket: Socket; answer: Promise<string> } {
  const socket = connect(server.port, "127.0.0.1");
  let got = "";
  const answer = new Promise<string>((done) => {
    socket.setEncoding("utf8").on("data", (s: string) => {
      got += s;
      if (/\r\n\r\n/.test(got) && /"test_run_id"|"error"/.test(got)) done(got);
    });
    socket.on("close", () => done(got));
  });
  socket.write(
    `POST ${API}/junit/submit HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/xml\r\n` +
      `Content-Length: ${body.length}\r\n\r\n`,
  );
  socket.write(body.subarray(0, body.length - 1));
  return { socket, answer };
}

describe.each(BACKENDS)("a request target that is not a URL (%s)", (backend) => {
  let server: Server;
  afterEach(() => server.stop());

  it("is answered 400, and the server goes on answering (it used to exit)", async () => {
    server = await startServer([], {}, { backend });
    const answer = await raw(server, `GET //[ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain("The request target is not a valid path");
    const next = await fetch(`${server.url}${API}/test_runs`);
    expect(next.status).toBe(200);
  });
});

describe.each(BACKENDS)("--max-pending: the bytes of submissions held at once (%s)", (backend) => {
  let server: Server;
  afterEach(() => server.stop());

  it("a submission that would pass the budget gets 503 + Retry-After at once; admitted again afterwards", async () => {
    server = await startServer(["--max-body", "1MB", "--max-pending", "1MB"], {}, { backend });
    const first = report("first", 700_000);
    const held = heldSubmission(server, first);
    // Give the server the time to admit the held submission before the second one arrives.
    await new Promise((r) => setTimeout(r, 300));

    const started = Date.now();
    const second = await submit(server, report("second", 700_000));
    expect(second.status).toBe(503);
    expect(second.headers["retry-after"]).toBe("2");
    expect(second.body).toMatchObject({ error: "Server busy" });
    expect(Date.now() - started).toBeLessThan(5000);

    held.socket.write(first.subarray(first.length - 1));
    expect(await held.answer).toMatch(/^HTTP\/1\.1 201 /);
    held.socket.destroy();

    const again = await submit(server, report("second", 700_000));
    expect(again.status).toBe(201);
  });

  it("one submission up to --max-body is always admitted, whatever the budget", async () => {
    server = await startServer(["--max-body", "1MB", "--max-pending", "1KB"], {}, { backend });
    const reply = await submit(server, report("alone", 900_000));
    expect(reply.status).toBe(201);
  });

  it("a bad --max-pending is a usage error (exit 2)", async () => {
    await expect(startServer(["--max-pending", "lots"], {}, { backend })).rejects.toThrow(
      /exited \(\{"code":2/,
    );
    server = await startServer([], {}, { backend });
  });
});
