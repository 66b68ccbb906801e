import { expect, test } from "@jest/globals";
import { parseIni } from "../../../src/core/config/ini.js";

test("parseIni keeps # inside values (no inline comments)", () => {
  const s = parseIni("[jux]\nbearer_token = abc#def\n").get("jux");
  expect(s?.entries.get("bearer_token")).toEqual({ value: "abc#def", line: 2 });
});
