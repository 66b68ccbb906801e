/**
 * Item 4 of issue 11 for the action (it shares the CLI's client): with api_key_header X-API-Key, a server
 * answering 307 to another loopback port gets no key sent on; the run says where the server redirects.
 * The committed dist/main and dist/post bundles, as the runner runs them.
 */
import { afterAll, expect, jest, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { API_KEY, PASSPHRASE, e2e, key, run, service } from "../helpers/action-env.js";
import { EXAMPLE_PYTEST } from "../helpers/fixtures.js";
import { closeAll, startScriptedServer } from "../helpers/scripted-server.js";

jest.setTimeout(300_000);
e2e();
afterAll(closeAll);

test("api mode, key in X-API-Key, a 307 to another port: the run fails naming the Location; no key reaches it", async () => {
  const target = await startScriptedServer({ status: 201, body: { test_run_id: "stolen" } });
  const location = `${target.url}/api/v1/junit/submit`;
  const redirecting = await startScriptedServer({ status: 307, headers: { Location: location }, body: "" });
  const r = await run(service, {
    job: { runId: 4242 },
    inputs: {
      report_paths: "reports/*.xml",
      api_url: `${redirecting.url}/api/v1`,
      api_key: API_KEY,
      api_key_header: "X-API-Key",
      storage_mode: "api",
      signing_key: key.encryptedPem,
      signing_key_passphrase: PASSPHRASE,
      project: "redirect",
    },
    files: {
      "reports/pytest.xml": readFileSync(EXAMPLE_PYTEST),
    },
  });
  expect(r.post.code).toBe(1);
  expect(r.log).toContain(`the server redirects to ${location}`);
  expect(redirecting.requests.map((q) => q.headers["x-api-key"])).toEqual([API_KEY]);
  expect(target.requests).toEqual([]);
  expect(r.log.replace(/^::add-mask::.*$/gm, "")).not.toContain(API_KEY);
});
