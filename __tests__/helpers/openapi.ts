/**
 * Contract checks against the Jux API's OpenAPI 3.0 documents in
 * `../shared/contracts/jux-openapi/` (resolved from `process.cwd()`: CI runs from the repo root).
 *
 * Built on `openapi-backend` (loads the YAML, checks the document against the OpenAPI 3.0 schema,
 * dereferences `$ref`s, routes method + path to an operation, validates parameters with the types
 * coerced from the query string, JSON response bodies and response headers with Ajv 8). What it
 * leaves out is added here: undocumented status codes, `Content-Type` of requests and responses,
 * non-JSON request bodies (the submission API takes `application/xml`), headers marked
 * `required`, the operation's `security`, and the `uuid`/`date-time`/`uri` formats (which
 * openapi-backend would otherwise silently skip).
 *
 * Paths are given WITHOUT the servers' `/api/v1` prefix, e.g. "/test_runs/550e8400-...".
 */
import { join, resolve } from "node:path";
import { OpenAPIBackend, SetMatchType } from "openapi-backend";
import { noteSkipped, SHARED_DIR, SHARED_PRESENT } from "./shared.js";

/** The upstream contract's two documents. */
export type Spec = "submission" | "query";
/** Those, and this project's own additions (docs/openapi-insight.yaml), checked the same way. */
export type AnySpec = Spec | "insight";

/** Where the contract copies live, from the repo root. */
const CONTRACTS_DIR = join(SHARED_DIR, "contracts/jux-openapi");
const FILES: Record<AnySpec, string> = {
  submission: "openapi-submission.yaml",
  query: "openapi-query.yaml",
  // Ours, in this repository: loaded whether or not ../shared is there.
  insight: resolve(process.cwd(), "docs/openapi-insight.yaml"),
};

// The few parts of a dereferenced OpenAPI 3.0 document read here (openapi-backend types them as a
// 3.0 | 3.1 union, which is awkward to narrow).
type Schema = Record<string, unknown>;
interface MediaType {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}
interface Header {
  required?: boolean;
  schema?: Schema;
}
interface Response {
  description: string;
  headers?: Record<string, Header>;
  content?: Record<string, MediaType>;
}
interface SecurityScheme {
  type: string;
  scheme?: string;
  in?: string;
  name?: string;
}
interface Op {
  operationId?: string;
  method: string;
  path: string;
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, Response>;
  security?: Record<string, string[]>[];
}
interface Doc {
  security?: Record<string, string[]>[];
  components?: { securitySchemes?: Record<string, SecurityScheme> };
}
interface AjvError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}
type Validate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

interface Loaded {
  file: string;
  api: OpenAPIBackend;
  /** An Ajv set up like openapi-backend's (formats, OpenAPI keywords), for what it does not cover. */
  compile: (schema: Schema) => Validate;
}

/** RFC 3339 `date-time`/`date`, RFC 4122 `uuid`, an absolute `uri`, a plain `email`. */
const FORMATS: Record<string, (value: string) => boolean> = {
  uuid: (v) => /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(v),
  "date-time": (v) =>
    /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/.test(
      v,
    ) && !Number.isNaN(Date.parse(v.replace(/:60(?=[.Zz+-])/, ":59"))),
  date: (v) =>
    /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(v) &&
    new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
  uri: (v) => {
    if (!/^[a-z][a-z0-9+.-]*:/i.test(v)) return false;
    try {
      new URL(v);
      return true;
    } catch {
      return false;
    }
  },
  email: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
};

async function load(spec: AnySpec): Promise<Loaded> {
  const file = FILES[spec];
  let compile: Loaded["compile"] | undefined;
  const api = new OpenAPIBackend({
    definition: resolve(CONTRACTS_DIR, file),
    // init() checks the document against the OpenAPI schema: throw (not warn) when it is not valid
    // OpenAPI or does not parse. `validate` builds the request/response validators.
    strict: true,
    validate: true,
    // Unknown keywords and formats are compile errors, so nothing in the contract is skipped
    // silently; the OpenAPI-only annotations are declared below.
    ajvOpts: { strict: false, strictSchema: true, allErrors: true },
    customizeAjv: (ajv) => {
      for (const keyword of ["example", "xml", "externalDocs"]) ajv.addKeyword(keyword);
      for (const [name, validate] of Object.entries(FORMATS))
        ajv.addFormat(name, { type: "string", validate });
      compile ??= (schema) => ajv.compile(schema) as Validate;
      return ajv;
    },
  });
  await api.init();
  if (!compile) throw new Error(`${file}: openapi-backend compiled no validators`);
  return { file, api, compile };
}

/** Without ../shared (a plain GitHub checkout) there is no contract: the checks below are skipped, with a line. */
const upstream = SHARED_PRESENT
  ? { submission: await load("submission"), query: await load("query") }
  : undefined;
const insight = await load("insight");
const specs: Record<AnySpec, Loaded> | undefined = upstream && { ...upstream, insight };

let noted = false;
/** The loaded contract, or undefined (once noted on stderr) when ../shared is absent. */
function contract(spec: AnySpec): Loaded | undefined {
  if (spec === "insight") return insight;
  if (specs) return specs[spec];
  if (!noted)
    noteSkipped("the checks of requests and responses against the upstream OpenAPI contract", [
      "contracts/jux-openapi",
    ]);
  noted = true;
  return undefined;
}

/** The loaded contract; what needs it without ../shared is declared with withShared (helpers/shared.ts). */
function loaded(spec: AnySpec): Loaded {
  if (spec === "insight") return insight;
  if (!specs) throw new Error(`the OpenAPI contract is not loaded: ${CONTRACTS_DIR} is absent`);
  return specs[spec];
}

function operationsOf(spec: AnySpec): Op[] {
  return loaded(spec).api.getOperations() as unknown as Op[];
}

function fail(what: string, problems: string[]): never {
  throw new Error(`${what}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
}

function describeErrors(where: string, errors: AjvError[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const at = `${where}${e.instancePath ?? ""}`;
    const allowed = e.params?.allowedValues;
    const extra =
      e.params?.additionalProperty !== undefined
        ? ` (${JSON.stringify(e.params.additionalProperty)})`
        : Array.isArray(allowed)
          ? `: ${allowed.map((v) => JSON.stringify(v)).join(", ")}`
          : "";
    return `${at} ${e.message ?? "is invalid"}${extra}`;
  });
}

/** The operation for `method path` (query string ignored), or an error naming what is documented. */
function findOperation(spec: AnySpec, method: string, pathWithQuery: string): Op {
  const { api, file } = loaded(spec);
  const path = pathWithQuery.split("?")[0] ?? "";
  const op = api.matchOperation({ method, path, headers: {} }) as unknown as Op | undefined;
  if (op) return op;
  const documented = operationsOf(spec).map((o) => `${o.method.toUpperCase()} ${o.path}`);
  throw new Error(
    `${method.toUpperCase()} ${path} is not an operation of ${file} (paths are given without /api/v1). ` +
      `Documented: ${documented.join(", ")}`,
  );
}

/** The documented response for `status`: exact code, then `4XX`-style range, then `default`. */
function findResponse(op: Op, status: number): Response | undefined {
  const r = op.responses;
  return r[String(status)] ?? r[`${Math.floor(status / 100)}XX`] ?? r.default;
}

function lowerKeys<V>(headers: Record<string, V | undefined> | undefined): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [name, value] of Object.entries(headers ?? {}))
    if (value !== undefined) out[name.toLowerCase()] = value;
  return out;
}

/** `application/xml; charset=utf-8` → `application/xml`. */
function mediaTypeOf(contentType: string | string[] | undefined): string | undefined {
  const value = Array.isArray(contentType) ? contentType.join(",") : contentType;
  return value?.split(";")[0]?.trim().toLowerCase() || undefined;
}

/** The documented media type (`application/json`, `application/*`, `*\/*`) that `actual` falls under. */
function matchMediaType(content: Record<string, MediaType>, actual: string): string | undefined {
  const keys = Object.keys(content);
  return (
    keys.find((k) => k.toLowerCase() === actual) ??
    keys.find((k) => k.toLowerCase() === `${actual.split("/")[0]}/*`) ??
    keys.find((k) => k === "*/*")
  );
}

const isJson = (mediaType: string) => /^application\/(?:[\w.+-]+\+)?json$/i.test(mediaType);

function securityProblems(spec: AnySpec, op: Op, headers: Record<string, string>): string[] {
  const doc = loaded(spec).api.definition as unknown as Doc;
  const requirements = op.security ?? doc.security;
  if (!requirements || requirements.length === 0) return [];
  const schemes = doc.components?.securitySchemes ?? {};
  const satisfied = (name: string): boolean => {
    const s = schemes[name];
    if (!s) return false;
    if (s.type === "http") {
      const scheme = (s.scheme ?? "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return new RegExp(`^${scheme}\\s+\\S+`, "i").test(headers.authorization ?? "");
    }
    if (s.type === "apiKey" && s.in === "header") return (s.name ?? "").toLowerCase() in headers;
    if (s.type === "oauth2" || s.type === "openIdConnect")
      return /^bearer\s+\S+/i.test(headers.authorization ?? "");
    return false;
  };
  const names = requirements.flatMap((r) => Object.keys(r));
  const anonymous = requirements.some((r) => Object.keys(r).length === 0);
  if (requirements.some((r) => Object.keys(r).length > 0 && Object.keys(r).every(satisfied))) return [];
  if (headers.authorization !== undefined) {
    // A credential the operation does not accept is a client bug even where anonymous calls are allowed.
    return [`Authorization header does not match any of the security schemes ${names.join(", ")}`];
  }
  return anonymous ? [] : [`authentication required: one of the security schemes ${names.join(", ")}`];
}

export function expectValidRequest(
  spec: AnySpec,
  method: string,
  pathWithQuery: string,
  headers: Record<string, string | undefined>,
  body?: string,
): void {
  const checked = contract(spec);
  if (!checked) return;
  const { api, file, compile } = checked;
  const op = findOperation(spec, method, pathWithQuery);
  const lower = lowerKeys(headers);
  const problems: string[] = [];
  const hasBody = body !== undefined && body !== "";
  const mediaType = mediaTypeOf(lower["content-type"]);

  if (!op.requestBody) {
    if (hasBody) problems.push("the operation documents no request body, but one was sent");
  } else if (!hasBody) {
    if (op.requestBody.required) problems.push("request body is required");
  } else {
    const documented = Object.keys(op.requestBody.content);
    const key = mediaType && matchMediaType(op.requestBody.content, mediaType);
    if (!mediaType) {
      problems.push(`Content-Type header is missing (documented: ${documented.join(", ")})`);
    } else if (!key) {
      problems.push(`Content-Type ${mediaType} is not documented (documented: ${documented.join(", ")})`);
    } else {
      const schema = op.requestBody.content[key]?.schema;
      let value: unknown = body;
      if (isJson(mediaType)) {
        try {
          value = JSON.parse(body);
        } catch (err) {
          problems.push(`body is not JSON: ${(err as Error).message}`);
        }
      }
      if (schema && problems.length === 0) {
        const validate = compile(schema);
        if (!validate(value)) problems.push(...describeErrors("body", validate.errors));
      }
    }
  }

  // Parameters (path, query — coerced from strings, unknown names rejected —, header, cookie).
  // The body was checked above: hand openapi-backend only the parameters (without a body and a
  // Content-Type, it leaves the body alone).
  const paramHeaders = Object.fromEntries(Object.entries(lower).filter(([name]) => name !== "content-type"));
  const result = api.validateRequest({ method, path: pathWithQuery, headers: paramHeaders }, op as never);
  problems.push(
    ...describeErrors("", result.errors as AjvError[] | null).map((p) => `parameter ${p.slice(1)}`),
  );
  problems.push(...securityProblems(spec, op, lower));

  if (problems.length > 0) {
    fail(`${method.toUpperCase()} ${pathWithQuery} request does not match ${op.path} in ${file}`, problems);
  }
}

export function expectValidResponse(
  spec: AnySpec,
  method: string,
  path: string,
  status: number,
  body: unknown,
  headers?: Record<string, string | string[] | undefined>,
): void {
  const checked = contract(spec);
  if (!checked) return;
  const { api, file, compile } = checked;
  const op = findOperation(spec, method, path);
  const what = `${method.toUpperCase()} ${path} → ${status} response does not match ${op.path} in ${file}`;
  const response = findResponse(op, status);
  if (!response) {
    fail(what, [`status ${status} is not documented (documented: ${Object.keys(op.responses).join(", ")})`]);
  }
  const problems: string[] = [];
  const lower = headers ? lowerKeys(headers) : undefined;
  const content = response.content ?? {};
  const documented = Object.keys(content);
  const hasBody = body !== undefined && body !== null && body !== "";

  if (documented.length === 0) {
    if (hasBody) problems.push(`status ${status} documents no body, but one was given`);
  } else {
    const mediaType = lower && mediaTypeOf(lower["content-type"]);
    let key = mediaType && matchMediaType(content, mediaType);
    if (lower && !mediaType) {
      problems.push(`Content-Type header is missing (documented: ${documented.join(", ")})`);
    } else if (mediaType && !key) {
      problems.push(`Content-Type ${mediaType} is not documented (documented: ${documented.join(", ")})`);
    }
    // Without a (documented) Content-Type, still check the body against the JSON media type.
    key ||= documented.find((k) => isJson(k)) ?? documented[0];
    const schema = key === undefined ? undefined : content[key]?.schema;
    if (key === "application/json") {
      // openapi-backend's own response validation (application/json only).
      const result = api.validateResponse(body, op as never, status);
      problems.push(...describeErrors("body", result.errors as AjvError[] | null));
    } else if (schema) {
      const validate = compile(schema);
      if (!validate(body)) problems.push(...describeErrors("body", validate.errors));
    }
  }

  if (lower) {
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      if (header.required && !(name.toLowerCase() in lower)) problems.push(`header ${name} is required`);
    }
    const result = api.validateResponseHeaders(lower, op as never, {
      statusCode: status,
      setMatchType: SetMatchType.Any,
    });
    problems.push(
      ...describeErrors("header ", result.errors as AjvError[] | null).map((p) => p.replace("/headers/", "")),
    );
  }

  if (problems.length > 0) fail(what, problems);
}

export function operations(spec: AnySpec): { method: string; path: string; statuses: number[] }[] {
  return operationsOf(spec).map((op) => ({
    method: op.method,
    path: op.path,
    statuses: Object.keys(op.responses)
      .filter((s) => /^\d{3}$/.test(s))
      .map(Number)
      .sort((a, b) => a - b),
  }));
}

export function responseExamples(
  spec: AnySpec,
): { method: string; path: string; status: number; name: string; value: unknown }[] {
  const out: { method: string; path: string; status: number; name: string; value: unknown }[] = [];
  for (const op of operationsOf(spec)) {
    for (const [code, response] of Object.entries(op.responses)) {
      if (!/^\d{3}$/.test(code)) continue;
      for (const media of Object.values(response.content ?? {})) {
        const base = { method: op.method, path: op.path, status: Number(code) };
        if (media.example !== undefined) out.push({ ...base, name: "example", value: media.example });
        for (const [name, example] of Object.entries(media.examples ?? {})) {
          out.push({ ...base, name, value: example.value });
        }
      }
    }
  }
  return out;
}
