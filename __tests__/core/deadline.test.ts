import { describe, expect, test } from "@jest/globals";
import { DeadlineError, within } from "../../src/core/deadline.js";

describe("within", () => {
  test("a call that never settles is given up after the time, with the message", async () => {
    const started = Date.now();
    const never = new Promise<number>(() => undefined);
    await expect(within(never, 50, "the cache took no answer")).rejects.toThrow(
      new DeadlineError("the cache took no answer"),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  test("a call that settles in time gives its value or its error, and leaves no timer behind", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = timers();
    await expect(within(Promise.resolve(7), 10_000, "late")).resolves.toBe(7);
    await expect(within(Promise.reject(new Error("refused")), 10_000, "late")).rejects.toThrow("refused");
    // The two 10 s timers were cleared (a leftover would keep a step's process waiting 10 s).
    expect(timers()).toBe(before);
  });
});
