import { expect, test } from "@jest/globals";
import { redactConfigText } from "../../../src/core/config/redact.js";

test("redactConfigText hides secret keys, continuation lines, TOML multi-line strings and known values", () => {
  const text = [
    "[jux]",
    "bearer_token = SECRET1",
    "  SECRET1b",
    "jux_api_key: SECRET2",
    'api_key = """',
    "SECRET3",
    '"""',
    "project_name = SECRET4 is here",
    "api_url = https://x",
  ].join("\n");
  const out = redactConfigText(text, ["SECRET4"]);
  expect(out).not.toMatch(/SECRET/);
  expect(out).toContain("api_url = https://x");
  expect(out).toContain("bearer_token = ********");
});
