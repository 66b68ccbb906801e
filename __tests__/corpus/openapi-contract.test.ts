import { describe, expect, test } from "@jest/globals";
import { resolve } from "node:path";
import { OpenAPIBackend } from "openapi-backend";
import {
  expectValidRequest,
  expectValidResponse,
  operations,
  responseExamples,
  type Spec,
} from "../helpers/openapi.js";
import { withShared } from "../helpers/shared.js";

withShared("contracts/jux-openapi", "the upstream OpenAPI contract's own checks", () => {
  const CONTRACTS_DIR = resolve(process.cwd(), "../shared/contracts/jux-openapi");
  const FILES: Record<Spec, string> = { submission: "openapi-submission.yaml", query: "openapi-query.yaml" };
  const SPECS: Spec[] = ["submission", "query"];

  /**
   * A contract as openapi-backend loads it: `init()` checks the document against the OpenAPI schema
   * (`strict`: throw rather than warn) and dereferences it; no request/response validators are built.
   */
  async function loadDocument(spec: Spec): Promise<OpenAPIBackend> {
    const api = new OpenAPIBackend({
      definition: resolve(CONTRACTS_DIR, FILES[spec]),
      strict: true,
      validate: false,
    });
    await api.init();
    return api;
  }

  interface Parameter {
    name: string;
    in: string;
    example?: unknown;
  }
  interface Operation {
    method: string;
    path: string;
    parameters?: Parameter[];
    requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> };
    responses: Record<string, { headers?: Record<string, { example?: unknown }> }>;
  }

  const RUN_ID = "550e8400-e29b-41d4-a716-446655440000";
  const XML = '<?xml version="1.0"?>\n<testsuites><testsuite name="t" tests="1"/></testsuites>\n';
  const submitted = () => ({
    test_run_id: RUN_ID,
    message: "Test results submitted successfully",
    test_count: 10,
    failure_count: 2,
    error_count: 1,
    skipped_count: 0,
    success_rate: 70.0,
  });
  const listed = () => ({
    test_runs: [
      {
        id: RUN_ID,
        project: "my-application",
        total_tests: 50,
        failures: 2,
        errors: 1,
        skipped: 0,
        success_rate: 94.0,
        inserted_at: "2024-01-15T10:30:00Z",
      },
    ],
    pagination: { current_page: 1, total_pages: 3, total_count: 52, per_page: 20 },
  });
  const json = { "Content-Type": "application/json; charset=utf-8" };

  describe("the contract documents", () => {
    test.each(SPECS)("%s is a valid OpenAPI 3.0 document", async (spec) => {
      const api = await loadDocument(spec);
      expect(api.document.openapi).toMatch(/^3\.0\.\d+$/);
      // openapi-schema-validator's OpenAPI 3.0 JSON Schema, through openapi-backend.
      expect(() => api.validateDefinition()).not.toThrow();
    });

    test("document validation is not vacuous: a response without its required description fails", async () => {
      const api = await loadDocument("query");
      const broken = structuredClone(api.document) as unknown as {
        paths: Record<string, Record<string, Operation>>;
      };
      const op = broken.paths["/test_runs/{id}"]?.get;
      expect(op).toBeDefined();
      delete (op?.responses["404"] as { description?: string }).description;
      const invalid = new OpenAPIBackend({ definition: broken as never, validate: false });
      await invalid.loadDocument();
      expect(() => invalid.validateDefinition()).toThrow(/not valid OpenAPI.*\n[^]*description/);
    });

    test("operations() lists every documented operation and status", () => {
      expect(operations("submission")).toEqual([
        { method: "post", path: "/junit/submit", statuses: [201, 400, 401, 403, 429] },
      ]);
      expect(operations("query")).toEqual([
        { method: "get", path: "/test_runs", statuses: [200, 400] },
        { method: "get", path: "/test_runs/{id}", statuses: [200, 404] },
        { method: "get", path: "/test_runs/{id}/test_suites", statuses: [200, 404] },
        { method: "get", path: "/test_suites/{id}/test_cases", statuses: [200, 404] },
      ]);
    });
  });

  describe("the contracts' own examples match their schemas", () => {
    /**
     * Response examples of the upstream contract that fail their own schema, as `spec method path
     * status name`. None today: if one turns up, list it here with a comment saying why it is wrong
     * (the contract copies must not be edited), rather than skipping it.
     */
    const KNOWN_INVALID: string[] = [];

    const all = SPECS.flatMap((spec) => responseExamples(spec).map((e) => ({ spec, ...e })));
    const label = (e: (typeof all)[number]) =>
      `${e.spec} ${e.method.toUpperCase()} ${e.path} ${e.status} ${e.name}`;
    /** A concrete path for a template: any `{param}` becomes a UUID (every path parameter is one). */
    const concrete = (path: string) => path.replace(/\{[^}]+\}/g, RUN_ID);

    test("every response example is found", () => {
      expect(all.map(label)).toEqual([
        "submission POST /junit/submit 201 successful_submission",
        "submission POST /junit/submit 400 invalid_xml",
        "submission POST /junit/submit 400 missing_metadata",
        "submission POST /junit/submit 401 missing_auth",
        "submission POST /junit/submit 403 invalid_key",
        "submission POST /junit/submit 429 rate_limit_exceeded",
        "query GET /test_runs 200 successful_query",
        "query GET /test_runs/{id} 200 test_run_detail",
      ]);
    });

    test("exactly the known-invalid response examples fail", () => {
      const failing = all.filter((e) => {
        try {
          expectValidResponse(e.spec, e.method, concrete(e.path), e.status, e.value, json);
          return false;
        } catch {
          return true;
        }
      });
      expect(failing.map(label)).toEqual(KNOWN_INVALID);
    });

    test.each(all.filter((e) => !KNOWN_INVALID.includes(label(e))).map((e) => [label(e), e] as const))(
      "%s",
      (_label, e) => {
        expectValidResponse(e.spec, e.method, concrete(e.path), e.status, e.value, json);
      },
    );

    test.each(SPECS)("%s: request body, parameter and response header examples", async (spec) => {
      const ops = (await loadDocument(spec)).getOperations() as unknown as Operation[];
      let checked = 0;
      for (const op of ops) {
        const path = concrete(op.path);
        const query = new URLSearchParams();
        for (const p of op.parameters ?? []) {
          if (p.in === "query" && p.example !== undefined) query.set(p.name, String(p.example));
        }
        if (query.size > 0) expectValidRequest(spec, op.method, `${path}?${query}`, {});
        checked += query.size;
        for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
          for (const example of Object.values(media.examples ?? {})) {
            expectValidRequest(spec, op.method, path, { "Content-Type": type }, String(example.value));
            checked++;
          }
        }
        for (const [status, response] of Object.entries(op.responses)) {
          const headers: Record<string, string> = {};
          for (const [name, header] of Object.entries(response.headers ?? {})) {
            if (header.example !== undefined) headers[name] = String(header.example);
          }
          if (Object.keys(headers).length === 0) continue;
          expectValidResponse(spec, op.method, path, Number(status), { error: "x" }, { ...json, ...headers });
          checked += Object.keys(headers).length;
        }
      }
      // submission: 3 XML bodies + 4 rate-limit headers; query: the 10 /test_runs parameters + test_cases' status.
      expect(checked).toBe(spec === "submission" ? 7 : 11);
    });
  });

  describe("valid traffic passes", () => {
    test("submission", () => {
      expectValidRequest("submission", "POST", "/junit/submit", { "Content-Type": "application/xml" }, XML);
      expectValidRequest(
        "submission",
        "post",
        "/junit/submit",
        { "content-type": "application/xml; charset=utf-8", Authorization: "Bearer k3y" },
        XML,
      );
      expectValidResponse("submission", "POST", "/junit/submit", 201, submitted(), json);
      expectValidResponse("submission", "POST", "/junit/submit", 201, submitted());
      expectValidResponse(
        "submission",
        "POST",
        "/junit/submit",
        429,
        { error: "Rate limit exceeded" },
        {
          ...json,
          "Retry-After": "60",
          "X-RateLimit-Remaining": "0",
        },
      );
    });

    test("query", () => {
      expectValidRequest("query", "GET", "/test_runs?project=p&status=failed&page=2&per_page=100", {});
      expectValidRequest("query", "GET", `/test_suites/${RUN_ID}/test_cases?status=skipped`, {});
      expectValidResponse("query", "GET", "/test_runs?page=1", 200, listed(), json);
      expectValidResponse("query", "GET", `/test_runs/${RUN_ID}/test_suites`, 200, { test_suites: [] }, json);
      expectValidResponse("query", "GET", `/test_runs/${RUN_ID}`, 404, { error: "Not found" }, json);
    });
  });

  describe("invalid traffic throws (the validator is not vacuous)", () => {
    const submit =
      (status: number, body: unknown, headers: Record<string, string> = json) =>
      () =>
        expectValidResponse("submission", "POST", "/junit/submit", status, body, headers);

    test("a 201 submit body missing test_run_id", () => {
      const body: Partial<ReturnType<typeof submitted>> = submitted();
      delete body.test_run_id;
      expect(submit(201, body)).toThrow(/body must have required property 'test_run_id'/);
    });

    test("wrong types, formats and bounds in a response body", () => {
      expect(submit(201, { ...submitted(), test_count: "10" })).toThrow(/body\/test_count must be integer/);
      expect(submit(201, { ...submitted(), test_run_id: "run-1" })).toThrow(
        /test_run_id must match format "uuid"/,
      );
      expect(submit(201, { ...submitted(), success_rate: 100.5 })).toThrow(/success_rate must be <= 100/);
      expect(submit(400, { error: 42 })).toThrow(/body\/error must be string/);
      expect(submit(400, "Invalid JUnit XML")).toThrow(/body must be object/);
      const run = listed();
      const bad = { ...run, test_runs: [{ ...run.test_runs[0], inserted_at: "2024-13-15 10:30" }] };
      expect(() => expectValidResponse("query", "GET", "/test_runs", 200, bad)).toThrow(
        /test_runs\/0\/inserted_at must match format "date-time"/,
      );
    });

    test("problems are all listed", () => {
      expect(submit(201, { ...submitted(), test_count: "10", failure_count: -1 })).toThrow(
        /test_count must be integer\n {2}- body\/failure_count must be >= 0/,
      );
    });

    test("an undocumented status code", () => {
      expect(submit(418, { error: "I'm a teapot" })).toThrow(
        /status 418 is not documented \(documented: 201, 400/,
      );
      expect(() =>
        expectValidResponse("query", "GET", `/test_runs/${RUN_ID}`, 500, { error: "boom" }),
      ).toThrow(/status 500 is not documented/);
    });

    test("a /test_runs list with per_page: 500 in its pagination", () => {
      const body = listed();
      body.pagination.per_page = 500;
      expect(() => expectValidResponse("query", "GET", "/test_runs", 200, body, json)).toThrow(
        /body\/pagination\/per_page must be <= 100/,
      );
    });

    test("an undocumented response Content-Type or header value", () => {
      expect(submit(201, submitted(), { "Content-Type": "text/html" })).toThrow(
        /Content-Type text\/html is not documented/,
      );
      expect(submit(201, submitted(), {})).toThrow(/Content-Type header is missing/);
      expect(submit(429, { error: "slow down" }, { ...json, "Retry-After": "soon" })).toThrow(
        /header retry-after must be integer/,
      );
    });

    test("an unknown path or method", () => {
      expect(() => expectValidResponse("query", "GET", "/test_results", 200, {})).toThrow(
        /GET \/test_results is not an operation of openapi-query.yaml/,
      );
      expect(() => expectValidResponse("query", "GET", "/api/v1/test_runs", 200, listed())).toThrow(
        /not an operation/,
      );
      expect(() => expectValidRequest("submission", "GET", "/junit/submit", {})).toThrow(/not an operation/);
      expect(() => expectValidRequest("query", "DELETE", `/test_runs/${RUN_ID}`, {})).toThrow(
        /not an operation/,
      );
    });

    test("query strings outside the documented parameters", () => {
      const get = (pathWithQuery: string) => () => expectValidRequest("query", "GET", pathWithQuery, {});
      expect(get("/test_runs?per_page=101")).toThrow(/parameter query\/per_page must be <= 100/);
      expect(get("/test_runs?per_page=ten")).toThrow(/query\/per_page must be integer/);
      expect(get("/test_runs?page=0")).toThrow(/query\/page must be >= 1/);
      expect(get("/test_runs?status=bogus")).toThrow(
        /query\/status must be equal to one of the allowed values: "passed", "failed", "error", "all"/,
      );
      expect(get(`/test_suites/${RUN_ID}/test_cases?status=bogus`)).toThrow(
        /query\/status must be equal to one of/,
      );
      expect(get("/test_runs?date_from=yesterday")).toThrow(/query\/date_from must match format "date-time"/);
      expect(get("/test_runs?perpage=10")).toThrow(/must NOT have additional properties \("perpage"\)/);
      expect(get("/test_runs/42")).toThrow(/parameter path\/id must match format "uuid"/);
    });

    test("a submit request with the wrong Content-Type, body or credentials", () => {
      const post = (headers: Record<string, string | undefined>, body?: string) => () =>
        expectValidRequest("submission", "POST", "/junit/submit", headers, body);
      expect(post({ "Content-Type": "application/json" }, XML)).toThrow(
        /Content-Type application\/json is not documented \(documented: application\/xml\)/,
      );
      expect(post({ "Content-Type": "application/json" }, JSON.stringify({ xml: XML }))).toThrow(
        /Content-Type application\/json is not documented/,
      );
      expect(post({}, XML)).toThrow(/Content-Type header is missing/);
      expect(post({ "Content-Type": "application/xml" })).toThrow(/request body is required/);
      expect(post({ "Content-Type": "application/xml", Authorization: "Token k3y" }, XML)).toThrow(
        /Authorization header does not match any of the security schemes BearerAuth/,
      );
      expect(() =>
        expectValidRequest("query", "GET", "/test_runs", { "Content-Type": "application/xml" }, XML),
      ).toThrow(/documents no request body/);
    });
  });
});
