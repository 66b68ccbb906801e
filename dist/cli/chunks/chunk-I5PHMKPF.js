import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  HttpClient,
  jsonObject
} from "./chunk-OV4UDHCO.js";
import {
  TOOL_NAME,
  VERSION,
  errorMessage,
  require_stream
} from "./chunk-KE6R4GHG.js";
import {
  __toESM
} from "./chunk-3XIP2PPI.js";

// src/core/publish/client.ts
var import_node_stream = __toESM(require_stream(), 1);
var FINAL = /* @__PURE__ */ new Set([400, 401, 403, 404, 405, 413, 415, 422]);
var WRONG_ROUTE = /* @__PURE__ */ new Set([404, 405]);
function wrongRoute(error, endpoint) {
  return `${error}: api_url must be the API's base URL, ending in /api/v1 (e.g. https://jux.example.com/api/v1); tried POST ${endpoint}`;
}
var sleeper = (ms) => new Promise((r) => setTimeout(r, ms));
function retryAfterMs(header, now = Date.now()) {
  if (!header) return void 0;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1e3;
  if (!/[a-z]{3}/i.test(header)) return void 0;
  const at = Date.parse(header);
  return Number.isNaN(at) ? void 0 : Math.max(0, at - now);
}
function published(status, body, secret) {
  const legacy = body?.test_run;
  const id = body?.test_run_id ?? legacy?.id;
  if (typeof id !== "string") {
    return {
      outcome: "transient",
      reason: `the server answered ${status} without a test_run_id`,
      status,
      attempts: 1
    };
  }
  const n = (v) => typeof v === "number" ? v : void 0;
  const src = body?.test_run_id ? body : legacy;
  const counts = {
    ...n(src?.test_count ?? src?.total_tests) !== void 0 ? { tests: n(src?.test_count ?? src?.total_tests) } : {},
    ...n(src?.failure_count ?? src?.failures) !== void 0 ? { failures: n(src?.failure_count ?? src?.failures) } : {},
    ...n(src?.error_count ?? src?.errors) !== void 0 ? { errors: n(src?.error_count ?? src?.errors) } : {},
    ...n(src?.skipped_count ?? src?.skipped) !== void 0 ? { skipped: n(src?.skipped_count ?? src?.skipped) } : {}
  };
  return { outcome: "published", testRunId: redactStrings(id, secret), status, counts };
}
function classify(answer, endpoint) {
  const { status, text, retryAfter, location, secret } = answer;
  const body = jsonObject(text);
  const fromServer = (v) => redactStrings(v, secret);
  if (status === 200 || status === 201) {
    const result = published(status, body, secret);
    if (result.outcome === "transient") return { retry: { reason: result.reason, status } };
    if (answer.replayed && result.outcome === "published")
      return { result: { outcome: "duplicate", testRunId: result.testRunId } };
    return { result };
  }
  if (status >= 300 && status < 400) return { result: redirected(status, location, endpoint, secret) };
  if (status === 409) {
    const details = body?.details;
    const id = body?.test_run_id ?? details?.test_run_id;
    return {
      result: { outcome: "duplicate", ...typeof id === "string" ? { testRunId: fromServer(id) } : {} }
    };
  }
  if (FINAL.has(status)) {
    const error2 = typeof body?.error === "string" ? fromServer(body.error) : `HTTP ${status}`;
    const suggestions = Array.isArray(body?.suggestions) ? fromServer(body.suggestions) : void 0;
    return {
      result: {
        outcome: "rejected",
        status,
        error: WRONG_ROUTE.has(status) ? wrongRoute(error2, redactStrings(endpoint, secret)) : error2,
        // The details are the server's own object, keys and all: nothing of ours is read from them.
        ...body?.details !== void 0 ? { details: redactStrings(body.details, secret, true) } : {},
        ...suggestions ? { suggestions } : {}
      }
    };
  }
  const afterMs = status === 429 || status === 503 ? retryAfterMs(retryAfter) : void 0;
  const error = typeof body?.error === "string" ? `: ${fromServer(body.error)}` : "";
  return {
    retry: {
      reason: `the server answered ${status}${error}`,
      status,
      ...afterMs !== void 0 ? { afterMs } : {}
    }
  };
}
function redirected(status, location, endpoint, secret) {
  let target = "an address it does not give";
  if (location) {
    try {
      target = redactStrings(new URL(redactStrings(location, secret), endpoint).href, secret);
    } catch {
      target = JSON.stringify(redactStrings(location, secret));
    }
  }
  const reason = `the server redirects to ${target} (HTTP ${status}): set api_url to the final address; redirects are not followed, as they would carry the API key elsewhere`;
  return { outcome: "transient", reason, status, attempts: 1 };
}
var JuxClient = class {
  http;
  options;
  constructor(options) {
    if (options.apiKey !== void 0 && options.bearer !== void 0)
      throw new Error("JuxClient: give apiKey or bearer, not both");
    this.options = {
      timeoutMs: 3e4,
      maxRetries: 3,
      backoffBaseMs: 1e3,
      backoffCapMs: 3e4,
      retryAfterCapMs: 6e4,
      sleep: sleeper,
      random: Math.random,
      ...options
    };
    this.http = new HttpClient(`${TOOL_NAME}/${VERSION}`, [], {
      allowRetries: false,
      // Never follow a redirect: @actions/http-client strips only Authorization, not X-API-Key, on the way.
      allowRedirects: false,
      socketTimeout: this.options.timeoutMs,
      keepAlive: true
    });
  }
  get endpoint() {
    return `${this.options.apiUrl.replace(/\/+$/, "")}/junit/submit`;
  }
  /**
   * Publishes the signed bytes as they are; `canonicalHash` goes in the Idempotency-Key. Every value taken
   * from the server's answer comes back with the API key (or token) blanked out, as a server may echo a refused
   * key back. With a bearer source, a 401 answer gets one new token and one more request for the report.
   */
  async publish(xml, canonicalHash) {
    const first = await this.publishOnce(xml, canonicalHash);
    const { bearer } = this.options;
    if (!bearer || first.refused === void 0 || !bearer.refused(first.refused)) return first.outcome;
    return (await this.publishOnce(xml, canonicalHash)).outcome;
  }
  /** One report's ladder of attempts; `refused` is the bearer token a 401 answer refused. */
  async publishOnce(xml, canonicalHash) {
    const { maxRetries, backoffBaseMs, backoffCapMs, retryAfterCapMs, sleep, random } = this.options;
    let last = { reason: "not attempted" };
    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      const credential = await this.credential();
      if (typeof credential === "string")
        return { outcome: { outcome: "transient", reason: credential, attempts: attempt } };
      const { result, retry } = await this.attempt(xml, canonicalHash, credential);
      if (result) return { outcome: result, ...this.judged(result, credential) };
      last = retry;
      if (attempt === maxRetries) break;
      const backoff = random() * Math.min(backoffCapMs, backoffBaseMs * 2 ** attempt);
      await sleep(last.afterMs !== void 0 ? Math.min(last.afterMs, retryAfterCapMs) : backoff);
    }
    const outcome = {
      outcome: "transient",
      reason: last.reason,
      ...last.status !== void 0 ? { status: last.status } : {},
      attempts: maxRetries + 1
    };
    return { outcome };
  }
  /** Tells the bearer source what the server made of its token; the token a 401 refused, for publish(). */
  judged(result, credential) {
    const { bearer } = this.options;
    if (!bearer || credential.secret === void 0) return {};
    if (result.outcome === "rejected" && result.status === 401) return { refused: credential.secret };
    if (result.outcome === "published" || result.outcome === "duplicate" || result.outcome === "rejected") {
      if (!(result.outcome === "rejected" && result.status === 403)) bearer.accepted(credential.secret);
    }
    return {};
  }
  /** Closes kept-alive connections. */
  dispose() {
    this.http.dispose();
  }
  /** This request's credential: the API key, a bearer token, or none; a string says why no token could be had. */
  async credential() {
    const { apiKey, apiKeyHeader = "Authorization", bearer } = this.options;
    if (bearer) {
      try {
        const token = await bearer.token();
        return { headers: { Authorization: `Bearer ${token}` }, secret: token };
      } catch (e) {
        return errorMessage(e);
      }
    }
    if (!apiKey) return { headers: {} };
    const value = apiKeyHeader.toLowerCase() === "authorization" ? `Bearer ${apiKey}` : apiKey;
    return { headers: { [apiKeyHeader]: value }, secret: apiKey };
  }
  headers(xml, canonicalHash, credential) {
    return {
      "Content-Type": "application/xml",
      "Content-Length": String(xml.length),
      Accept: "application/json",
      "Idempotency-Key": canonicalHash,
      ...credential.headers
    };
  }
  async attempt(xml, canonicalHash, credential) {
    const { secret } = credential;
    let timer;
    const timeout = new Promise((done) => {
      timer = setTimeout(
        () => done({ retry: { reason: `no answer within ${this.options.timeoutMs} ms` } }),
        this.options.timeoutMs
      );
    });
    const request = (async () => {
      try {
        const res = await this.http.sendStream(
          "POST",
          this.endpoint,
          import_node_stream.Readable.from([xml]),
          this.headers(xml, canonicalHash, credential)
        );
        const text = await res.readBody();
        const { "retry-after": retryAfter, location } = res.message.headers;
        const answer = { status: res.message.statusCode ?? 0, text };
        if (retryAfter !== void 0) answer.retryAfter = retryAfter;
        if (location !== void 0) answer.location = location;
        if (res.message.headers["idempotent-replayed"] === "true") answer.replayed = true;
        if (secret) answer.secret = secret;
        return classify(answer, this.endpoint);
      } catch (e) {
        return { retry: { reason: redactStrings(describeNetworkError(e), secret) } };
      }
    })();
    try {
      return await Promise.race([request, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
};
function redactStrings(value, secret, keys = false) {
  if (!secret) return value;
  const forms = [.../* @__PURE__ */ new Set([secret, encodeURIComponent(secret), encodeURI(secret)])];
  const blank = (s) => forms.reduce((text, form) => text.split(form).join("********"), s);
  const walk = (v) => typeof v === "string" ? blank(v) : Array.isArray(v) ? v.map(walk) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [keys ? blank(k) : k, walk(x)])) : v;
  return walk(value);
}
function describeNetworkError(e) {
  const err = e;
  const code = err?.code ? ` (${err.code})` : "";
  return `cannot reach the server: ${err?.message ?? String(e)}${code && !err.message?.includes(err.code) ? code : ""}`;
}
function clientFor(apiUrl, settings, bearer) {
  return new JuxClient({
    apiUrl,
    ...bearer ? { bearer } : settings.apiKey ? { apiKey: settings.apiKey } : {},
    apiKeyHeader: settings.apiKeyHeader,
    timeoutMs: settings.apiTimeoutSeconds * 1e3,
    maxRetries: settings.apiMaxRetries
  });
}

export {
  retryAfterMs,
  redactStrings,
  clientFor
};
