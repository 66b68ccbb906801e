/**
 * A step ends when its work is done, even when something in the process still holds the event loop (a library's
 * dangling request: @actions/cache's blob uploads have no timeout). Stood for here by a preloaded module that
 * leaves a listening socket open: without the step's explicit end, main and post would never exit.
 */
import { expect, test } from "@jest/globals";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  API_KEY,
  e2e,
  expectSuccess,
  hashesOf,
  key,
  published,
  run,
  server,
  service,
} from "../helpers/action-env.js";
import { EXAMPLE_PYTEST } from "../helpers/fixtures.js";
import { tempDir } from "../helpers/serve.js";

e2e();

/** NODE_OPTIONS that make every step's process hold an open socket it never closes. */
function holdingEventLoop(): Record<string, string> {
  const file = join(tempDir("jux-hold-"), "hold.mjs");
  writeFileSync(file, 'import { createServer } from "node:net";\ncreateServer().listen(0, "127.0.0.1");\n');
  return { NODE_OPTIONS: `--import ${pathToFileURL(file).href}` };
}

const inputs = (extra: Record<string, string>) => ({
  report_paths: "reports/*.xml",
  api_url: `${server.url}/api/v1`,
  api_key: API_KEY,
  signing_key: key.privateKeyPem,
  signing_cert: key.certificatePem,
  project: "step-end",
  ...extra,
});

test("main and post exit once their work is done although a socket stays open in the process; the reports are published and the outputs written", async () => {
  const started = Date.now();
  const r = await run(service, {
    job: { runId: 7101 },
    inputs: inputs({ storage_mode: "cache" }),
    files: { "reports/pytest.xml": readFileSync(EXAMPLE_PYTEST) },
    env: holdingEventLoop(),
  });
  expectSuccess(r);
  expect(Date.now() - started).toBeLessThan(60_000);
  expect(hashesOf(r)).toHaveLength(1);
  expect(await published(server, "step-end")).toEqual(hashesOf(r));
  expect(r.summary).toContain("pytest.xml");
});

test("a failing step still exits with status 1 and its error while a socket stays open", async () => {
  const r = await run(service, {
    job: { runId: 7102 },
    inputs: inputs({ storage_mode: "api", report_paths: "missing/*.xml", if_no_files_found: "error" }),
    files: {},
    env: holdingEventLoop(),
  });
  expect(r.main.code).toBe(1);
  expect(r.log).toContain("::error::No files were found with the provided path: missing/*.xml");
});
