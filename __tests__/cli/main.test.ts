import { describe, expect, test } from "@jest/globals";
import { PassThrough } from "node:stream";
import { main } from "../../src/cli/main.js";
import type { CliIo, Command } from "../../src/core/command/io.js";

function io(): CliIo & { err: () => string } {
  const stderr = new PassThrough();
  let text = "";
  stderr.on("data", (c: Buffer) => (text += c.toString()));
  return { stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: {}, cwd: "/", err: () => text };
}

describe("jux main", () => {
  test("an unknown command is a usage error listing the commands in the usage text's order, serve included", async () => {
    const serve: Command = () => Promise.resolve(0);
    const out = io();
    expect(await main("jux", ["bogus"], out, { serve })).toBe(2);
    expect(out.err()).toBe(
      'error: jux: unknown command "bogus" (commands: sign, verify, inspect, keygen, serve, publish, compare, cache, config)\n',
    );
  });

  test("the server's command is the one the entry point joins in", async () => {
    const seen: string[][] = [];
    const serve: Command = (argv) => {
      seen.push(argv);
      return Promise.resolve(0);
    };
    expect(await main("jux", ["serve", "--port", "0"], io(), { serve })).toBe(0);
    expect(seen).toEqual([["--port", "0"]]);
  });
});
