import { expect, test } from "@jest/globals";
import { maskSecret } from "../../../src/core/config/schema.js";

test("maskSecret shows nothing of the secret, not even its length", () => {
  expect(maskSecret("abc")).toBe("********");
  expect(maskSecret("a-very-long-secret-value")).toBe("********");
});
