import { expect, test } from "@jest/globals";
import { setTimeout as sleep } from "node:timers/promises";
import { eachInOrder } from "../../src/core/in-order.js";

test("hands results over in the items' order while later ones finish first, with at most `width` in flight", async () => {
  let inFlight = 0;
  let most = 0;
  const seen: string[] = [];
  const delays = [40, 5, 30, 1, 20, 2, 10, 0];
  await eachInOrder(
    delays.map((d, i) => ({ i, d })),
    3,
    async ({ i, d }) => {
      most = Math.max(most, ++inFlight);
      await sleep(d);
      inFlight--;
      return `r${i}`;
    },
    (result, item) => seen.push(`${item.i}:${result}`),
  );
  expect(seen).toEqual(delays.map((_, i) => `${i}:r${i}`));
  expect(most).toBe(3);
});

test("no items: nothing runs; width below 1 runs one at a time", async () => {
  const seen: number[] = [];
  await eachInOrder(
    [],
    4,
    () => Promise.reject(new Error("never")),
    () => seen.push(-1),
  );
  let inFlight = 0;
  let most = 0;
  await eachInOrder(
    [1, 2, 3],
    0,
    async (n) => {
      most = Math.max(most, ++inFlight);
      await sleep(1);
      inFlight--;
      return n;
    },
    (n) => seen.push(n),
  );
  expect({ seen, most }).toEqual({ seen: [1, 2, 3], most: 1 });
});
