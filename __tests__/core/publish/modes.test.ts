/**
 * The line a command prints for a refusal carries the server's own reason (details.message), and nothing a
 * server sends can reach the terminal as a control sequence or a second line.
 */
import { describe, expect, it } from "@jest/globals";
import { describeOutcome } from "../../../src/core/publish/modes.js";

describe("describeOutcome of a refusal", () => {
  it("adds the server's details.message after its error, then the suggestions", () => {
    const line = describeOutcome({
      kind: "rejected",
      status: 422,
      error: "Invalid signature",
      details: { message: "no trusted key fits the ecdsa-sha256 signature (trusted: CN=ci)" },
      suggestions: ["Sign with a key whose certificate this server trusts"],
    });
    expect(line).toBe(
      "rejected by the server (422): Invalid signature: no trusted key fits the ecdsa-sha256 signature " +
        "(trusted: CN=ci) (Sign with a key whose certificate this server trusts)",
    );
  });

  it("keeps terminal escapes and line breaks of a hostile server out, and bounds its text", () => {
    const line = describeOutcome({
      kind: "rejected",
      status: 400,
      error: "Bad\u001b[2J\u001b]0;owned\u0007 report\n::error::forged",
      details: { message: "x".repeat(5000) },
      suggestions: ["fix\r\nit"],
    });
    // eslint-disable-next-line no-control-regex
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(line).toContain("rejected by the server (400): Bad [2J ]0;owned  report ::error::forged: ");
    expect(line).toContain(`${"x".repeat(300)}… (fix it)`);
    expect(line.length).toBeLessThan(400);
  });

  it("a message that only repeats the error is not said twice", () => {
    const line = describeOutcome({
      kind: "rejected",
      status: 401,
      error: "bad token",
      details: { message: "bad token" },
    });
    expect(line).toBe("rejected by the server (401): bad token");
  });
});
