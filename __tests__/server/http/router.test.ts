import { describe, expect, test } from "@jest/globals";
import { HttpError } from "../../../src/server/http/errors.js";
import { route, target } from "../../../src/server/http/router.js";

/** The status and message of the refusal `work` throws. */
function refusal(work: () => unknown): { status: number; message: unknown } {
  try {
    work();
  } catch (e) {
    if (e instanceof HttpError) return { status: e.status, message: e.body.details?.message };
    throw e;
  }
  throw new Error("expected an HttpError");
}

describe("route", () => {
  test("POST to the submission path (final slashes ignored) is the submission", () => {
    expect(route("POST", "/api/v1/junit/submit")).toEqual({ kind: "submit" });
    expect(route("POST", "/api/v1/junit/submit//")).toEqual({ kind: "submit" });
  });

  test("any other method on the submission path is 405, GET and HEAD too", () => {
    for (const method of ["GET", "HEAD", "PUT", "DELETE"])
      expect(refusal(() => route(method, "/api/v1/junit/submit"))).toEqual({
        status: 405,
        message: "Use POST to submit a report",
      });
  });

  test("GET and HEAD go to the API under /api/v1 (path after it, no final slash) and to the pages elsewhere", () => {
    expect(route("GET", "/api/v1/test_runs/")).toEqual({ kind: "api", path: "/test_runs" });
    expect(route("HEAD", "/api/v1/test_suites/x/test_cases")).toEqual({
      kind: "api",
      path: "/test_suites/x/test_cases",
    });
    expect(route("GET", "/")).toEqual({ kind: "page", path: "/" });
    expect(route("HEAD", "/runs/abc/report.xml")).toEqual({ kind: "page", path: "/runs/abc/report.xml" });
  });

  test("a write to a path GET answers is 405; to any other path 404 naming the method and path", () => {
    expect(refusal(() => route("DELETE", "/runs/abc"))).toEqual({
      status: 405,
      message: "DELETE is not supported here",
    });
    expect(refusal(() => route("POST", "/api/v1/test_runs/"))).toMatchObject({ status: 405 });
    expect(refusal(() => route("POST", "/api/v2/junit/submit"))).toEqual({
      status: 404,
      message: "There is no POST /api/v2/junit/submit endpoint",
    });
    expect(refusal(() => route("PUT", "/favicon.ico"))).toMatchObject({ status: 404 });
  });
});

describe("target", () => {
  test("a path, with its query, resolves against the server; none is /", () => {
    expect(target("/api/v1/test_runs?page=2").searchParams.get("page")).toBe("2");
    expect(target(undefined).pathname).toBe("/");
  });

  test("a target that is no URL is a 400, not a throw of TypeError", () => {
    expect(refusal(() => target("//[bad"))).toEqual({
      status: 400,
      message: "The request target is not a valid path",
    });
  });
});
