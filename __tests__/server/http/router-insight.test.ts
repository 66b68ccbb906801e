import { describe, expect, test } from "@jest/globals";
import { HttpError } from "../../../src/server/http/errors.js";
import { route } from "../../../src/server/http/router.js";

function status(work: () => unknown): number {
  try {
    work();
  } catch (e) {
    if (e instanceof HttpError) return e.status;
    throw e;
  }
  return 200;
}

describe("route: the per-test API paths and pages", () => {
  const answered = [
    "/api/v1/tests",
    "/api/v1/tests/0123456789abcdef0123456789abcdef/history",
    "/api/v1/test_runs/x/tests",
    "/api/v1/test_runs/x/compare",
    "/api/v1/baseline",
    "/projects/shop",
    "/tests/0123456789abcdef0123456789abcdef",
    "/badge/shop.svg",
  ];

  test("GET routes them (the API by its path after /api/v1); a write to them is 405, not 404", () => {
    expect(route("GET", "/api/v1/baseline")).toEqual({ kind: "api", path: "/baseline" });
    expect(route("GET", "/badge/shop.svg")).toEqual({ kind: "page", path: "/badge/shop.svg" });
    for (const path of answered) expect([path, status(() => route("POST", path))]).toEqual([path, 405]);
  });

  test("a write to a path next to them is still 404", () => {
    for (const path of [
      "/api/v1/baselines",
      "/badge",
      "/tests",
      "/projects",
      "/projects/a/b/c",
      "/api/v1/testsx",
    ])
      expect([path, status(() => route("DELETE", path))]).toEqual([path, 404]);
  });
});
