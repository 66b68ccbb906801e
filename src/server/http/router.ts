import { problem } from "./errors.js";

export const API = "/api/v1";
const SUBMIT = `${API}/junit/submit`;
/** The paths GET answers (any other path is 404 for every method). */
const READ_ROUTE = new RegExp(
  "^(/|/runs/[^/]+(/report\\.xml)?|/projects/[^/]+|/tests/[^/]+|/badge/[^/]+" +
    "|/api/v1/(test_runs|test_suites|tests)(/.*)?|/api/v1/baseline)$",
);

/** Which handler answers: the submission, the API's queries (path after /api/v1) or the HTML pages. */
export type Route = { kind: "submit" } | { kind: "api"; path: string } | { kind: "page"; path: string };

/** The route for `method` on `pathname` (final slashes ignored); 404 or 405 when there is none. */
export function route(method: string, pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === SUBMIT) {
    if (method !== "POST") throw problem(405, "Method not allowed", "Use POST to submit a report");
    return { kind: "submit" };
  }
  if (method !== "GET" && method !== "HEAD") {
    // Outside the routes it is 404 whatever the method: a POST to a wrong api_url is a wrong address.
    if (!READ_ROUTE.test(path))
      throw problem(404, "Not found", `There is no ${method} ${path} endpoint`, [
        `Reports are submitted with POST ${SUBMIT}`,
      ]);
    throw problem(405, "Method not allowed", `${method} is not supported here`);
  }
  if (path.startsWith(API)) return { kind: "api", path: path.slice(API.length) };
  return { kind: "page", path };
}

/** The request target as a URL; 400 when it is not one (never a crash). */
export function target(raw: string | undefined): URL {
  try {
    return new URL(raw ?? "/", "http://jux.invalid");
  } catch {
    throw problem(400, "Bad request", "The request target is not a valid path", [
      "Request a path such as /api/v1/test_runs",
    ]);
  }
}
