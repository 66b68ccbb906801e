import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  Annotations,
  STEP_CAP,
  authReport,
  clientFor,
  describeAuth,
  keepsArtifact,
  publishes,
  readInputs,
  renderSummary,
  resolveAuth
} from "./chunk-Y5QYLF5K.js";
import "./chunk-KNA2GPWT.js";
import {
  ReportStore,
  rejectionFileName,
  reportFileName
} from "./chunk-XI2M4ESO.js";
import {
  STATE_MANIFEST,
  artifactBaseName,
  loadWrittenReport,
  printable,
  readManifest,
  rejectedDir,
  storeDir,
  uploadFiles
} from "./chunk-TRPTZRWW.js";
import {
  exchange,
  jsonObject
} from "./chunk-KM4QEB6Z.js";
import {
  errorMessage
} from "./chunk-R6WRUTCP.js";
import {
  require_promises
} from "./chunk-DPWUYGSE.js";
import {
  getState,
  info,
  setFailed,
  setSecret,
  summary,
  warning
} from "./chunk-US7DMSZK.js";
import {
  __toESM,
  require_path
} from "./chunk-PGWA7IZW.js";

// src/core/publish/modes.ts
var import_node_path = __toESM(require_path(), 1);

// src/core/publish/batch.ts
async function bytesOf(item) {
  if (Buffer.isBuffer(item.xml)) return item.xml;
  try {
    return await item.xml();
  } catch (e) {
    return { reason: `could not read the report: ${errorMessage(e)}` };
  }
}
async function publishBatch(client, items, options = {}) {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const giveUpAfter = Math.max(1, options.giveUpAfter ?? 3);
  const results = /* @__PURE__ */ new Map();
  let next = 0;
  let failuresInARow = 0;
  let lastReason = "";
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      if (failuresInARow >= giveUpAfter) {
        results.set(item.id, {
          outcome: "transient",
          reason: `not sent: ${failuresInARow} reports in a row failed (last: ${lastReason})`,
          attempts: 0
        });
        options.onProgress?.(results.size, items.length);
        continue;
      }
      const xml = await bytesOf(item);
      if (!Buffer.isBuffer(xml)) {
        results.set(item.id, { outcome: "transient", reason: xml.reason, attempts: 0 });
        options.onProgress?.(results.size, items.length);
        continue;
      }
      const outcome = await client.publish(xml, item.canonicalHash);
      results.set(item.id, outcome);
      options.onProgress?.(results.size, items.length);
      if (outcome.outcome === "transient") {
        failuresInARow++;
        lastReason = outcome.reason;
      } else failuresInARow = 0;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

// src/core/publish/modes.ts
var ACKNOWLEDGED = /* @__PURE__ */ new Set(["published", "duplicate"]);
var CONFIGURATION_REFUSALS = /* @__PURE__ */ new Set([401, 403, 404, 405]);
var SUCCESS = {
  local: /* @__PURE__ */ new Set(["stored"]),
  api: ACKNOWLEDGED,
  both: ACKNOWLEDGED,
  // Waiting in the queue is success: cache mode never fails because the server is unreachable or slow.
  cache: /* @__PURE__ */ new Set(["published", "duplicate", "queued"])
};
function succeeded(mode, outcome) {
  return SUCCESS[mode].has(outcome.kind);
}
function outcomeOf(p) {
  if (!p) return { kind: "failed", reason: "not published" };
  switch (p.outcome) {
    case "published":
      return { kind: "published", testRunId: p.testRunId };
    case "duplicate":
      return { kind: "duplicate", ...p.testRunId ? { testRunId: p.testRunId } : {} };
    case "rejected":
      return {
        kind: "rejected",
        status: p.status,
        error: p.error,
        ...p.details !== void 0 ? { details: p.details } : {},
        ...p.suggestions ? { suggestions: p.suggestions } : {}
      };
    case "transient":
      return { kind: "failed", reason: p.reason };
  }
}
function need(value, what, mode) {
  if (value === void 0) throw new Error(`storage mode ${mode} needs ${what}`);
  return value;
}
async function storeEach(store, reports, write) {
  const problems = [];
  try {
    await store.batch(reports, async (r, i) => {
      problems[i] = await write(r).then(
        () => void 0,
        (e) => errorMessage(e)
      );
    });
  } catch (e) {
    for (let i = 0; i < reports.length; i++) if (!(i in problems)) problems[i] = errorMessage(e);
  }
  return problems;
}
function keep(store, reports) {
  return storeEach(store, reports, (r) => store.put("reports", r.xml, r.hash));
}
async function publishAll(client, reports, batch) {
  const items = reports.map((r) => ({ id: r.id, xml: r.xml, canonicalHash: r.hash }));
  const outcomes = await publishBatch(client, items, batch);
  return new Map(reports.map((r) => [r.id, outcomeOf(outcomes.get(r.id))]));
}
async function runMode(options) {
  const { mode, reports } = options;
  if (mode === "cache") return runCache(options);
  const stored = keepsArtifact(mode) ? await keep(need(options.store, "a store", mode), reports) : [];
  const published = publishes(mode) ? await publishAll(need(options.client, "an api_url", mode), reports, options.batch) : /* @__PURE__ */ new Map();
  const results = reports.map((r, i) => {
    const storeProblem = stored[i];
    const wasStored = keepsArtifact(mode) && storeProblem === void 0;
    if (storeProblem !== void 0)
      return { id: r.id, hash: r.hash, stored: false, outcome: { kind: "failed", reason: storeProblem } };
    return { id: r.id, hash: r.hash, stored: wasStored, outcome: published.get(r.id) ?? { kind: "stored" } };
  });
  const ok = results.every((r) => succeeded(mode, r.outcome));
  return { mode, results, earlier: [], quarantined: [], ok };
}
async function runCache(options) {
  const store = need(options.store, "a store", "cache");
  const problems = await storeEach(store, options.reports, (r) => store.queueReport(r.xml, r.hash));
  const mine = /* @__PURE__ */ new Set();
  const results = options.reports.map((r, i) => {
    const problem = problems[i];
    if (problem !== void 0)
      return { id: r.id, hash: r.hash, stored: false, outcome: { kind: "failed", reason: problem } };
    mine.add(r.hash);
    return { id: r.id, hash: r.hash, stored: true, outcome: { kind: "queued", reason: "not sent yet" } };
  });
  const drained = await drainQueue(store, options.client, {
    batch: options.batch,
    vet: options.vet,
    first: mine
  });
  const byHash = new Map(drained.results.map((d) => [d.hash, d.outcome]));
  for (const r of results) {
    const outcome = byHash.get(r.hash);
    if (r.outcome.kind === "queued" && outcome) r.outcome = outcome;
  }
  const earlier = drained.results.filter((d) => !mine.has(d.hash));
  const ok = results.every((r) => succeeded("cache", r.outcome));
  return { mode: "cache", results, earlier, quarantined: drained.quarantined, ok };
}
async function drainQueue(store, client, options = {}) {
  return store.withLock(async () => {
    const { good, quarantined } = await store.check("queue", options.first);
    const vetted = [];
    for (const entry of good) {
      const problem = options.vet ? await options.vet(await store.read("queue", entry.hash), entry.hash) : void 0;
      if (problem === void 0) vetted.push(entry);
      else
        quarantined.push({
          // The file as stored: <hash>.xml, or .xml.zst / .xml.gz when compressed.
          name: (0, import_node_path.basename)(entry.path),
          reason: problem,
          movedTo: await store.quarantine("queue", entry.hash, problem)
        });
    }
    if (!client) {
      const reason = "no api_url configured";
      return { results: vetted.map((e) => queuedResult(store, e, reason)), quarantined };
    }
    vetted.sort(
      (a, b) => Number(options.first?.has(a.hash) ?? 0) - Number(options.first?.has(b.hash) ?? 0) || a.storedAt.localeCompare(b.storedAt)
    );
    const items = vetted.map((e) => ({
      id: e.hash,
      xml: () => store.read("queue", e.hash),
      canonicalHash: e.hash
    }));
    const outcomes = await publishBatch(client, items, options.batch);
    const results = [];
    for (const e of vetted) {
      let outcome = outcomeOf(outcomes.get(e.hash));
      if (ACKNOWLEDGED.has(outcome.kind)) await store.remove("queue", e.hash);
      else if (outcome.kind === "rejected" && CONFIGURATION_REFUSALS.has(outcome.status))
        outcome = { ...outcome, retained: true };
      else if (outcome.kind === "rejected") await store.reject(e.hash, outcome);
      results.push(
        outcome.kind === "failed" ? queuedResult(store, e, outcome.reason) : { id: store.id("queue", e.hash), hash: e.hash, stored: true, outcome }
      );
    }
    return { results, quarantined };
  });
}
function queuedResult(store, e, reason) {
  return { id: store.id("queue", e.hash), hash: e.hash, stored: true, outcome: { kind: "queued", reason } };
}
function serverText(text, max = 300) {
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max)}\u2026` : line;
}
function describeOutcome(o) {
  switch (o.kind) {
    case "stored":
      return "stored";
    case "published":
      return `published (test run ${o.testRunId})`;
    case "duplicate":
      return `already published${o.testRunId ? ` (test run ${o.testRunId})` : ""}`;
    case "queued":
      return `queued: ${o.reason}`;
    case "rejected": {
      const message = o.details?.message;
      const why = typeof message === "string" && message !== o.error ? `: ${serverText(message)}` : "";
      const hints = o.suggestions?.length ? ` (${o.suggestions.map((s) => serverText(s)).join("; ")})` : "";
      const kept = o.retained ? "; kept in the queue until api_key / api_url are fixed" : "";
      return `rejected by the server (${o.status}): ${serverText(o.error)}${why}${hints}${kept}`;
    }
    case "failed":
      return `failed: ${o.reason}`;
  }
}

// src/core/publish/bearer.ts
var RENEW_MARGIN_MS = 6e4;
function looksLikeJwt(value) {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
}
function jwtClaims(token) {
  const payload = token.split(".")[1];
  if (payload === void 0) return void 0;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return claims !== null && typeof claims === "object" ? claims : void 0;
  } catch {
    return void 0;
  }
}
function jwtExpiry(token) {
  const exp = jwtClaims(token)?.exp;
  return typeof exp === "number" && Number.isFinite(exp) ? exp * 1e3 : void 0;
}
var RenewedTokens = class {
  constructor(request, options = {}) {
    this.request = request;
    this.now = options.now ?? Date.now;
    this.marginMs = options.marginMs ?? RENEW_MARGIN_MS;
  }
  request;
  /** `suspect`: asked for after a refusal and not accepted yet. */
  current;
  renewingAfterRefusal = false;
  pending;
  failure;
  /** How many tokens were asked for (and obtained or not). */
  requests = 0;
  now;
  marginMs;
  /** Why no token could be had, if a request failed. */
  get problem() {
    return this.failure?.message;
  }
  token() {
    if (this.failure) return Promise.reject(this.failure);
    const held = this.current;
    if (held && (held.expiresAt === void 0 || held.expiresAt - this.now() >= this.marginMs))
      return Promise.resolve(held.token);
    return this.pending ??= this.renew();
  }
  refused(token) {
    if (this.failure) return false;
    if (this.current?.token !== token) return true;
    if (this.current.suspect) return false;
    this.current = void 0;
    this.renewingAfterRefusal = true;
    return true;
  }
  accepted(token) {
    if (this.current?.token === token) this.current.suspect = false;
  }
  async renew() {
    this.requests++;
    const suspect = this.renewingAfterRefusal;
    this.renewingAfterRefusal = false;
    try {
      const token = await this.request();
      const expiresAt = jwtExpiry(token);
      this.current = { token, suspect, ...expiresAt !== void 0 ? { expiresAt } : {} };
      return token;
    } catch (e) {
      this.failure = e instanceof Error ? e : new Error(errorMessage(e));
      throw this.failure;
    } finally {
      this.pending = void 0;
    }
  }
};

// src/action/oidc.ts
var IdTokenError = class extends Error {
  name = "IdTokenError";
  code = "ID_TOKEN";
};
var MAX_ANSWER = 64 * 1024;
var sleeper = (ms) => new Promise((r) => setTimeout(r, ms));
function idTokenUrl(endpoint, audience) {
  let url;
  try {
    url = new URL(endpoint.url);
  } catch {
    throw new IdTokenError(
      "no OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL is not a URL (the runner sets it; do not override it)"
    );
  }
  url.searchParams.set("audience", audience);
  return url.href;
}
function tokenOf(answer) {
  if ("failed" in answer) return { problem: `the endpoint did not answer: ${answer.failed}`, retry: true };
  const { status } = answer;
  if (answer.tooLarge) return { problem: `the endpoint answered ${status} with over 64 KiB`, retry: false };
  if (status === 401 || status === 403)
    return {
      problem: `the runner refused the request (HTTP ${status}): the job needs \`permissions: id-token: write\``,
      retry: false
    };
  if (status === 429 || status >= 500) return { problem: `the endpoint answered ${status}`, retry: true };
  const value = status === 200 ? jsonObject(answer.text)?.value : void 0;
  if (typeof value === "string" && looksLikeJwt(value)) return { token: value };
  return {
    problem: `the endpoint answered ${status} without a token (a JSON object whose value is a JWT)`,
    retry: false
  };
}
async function requestIdToken(r) {
  const url = idTokenUrl(r.endpoint, r.audience);
  const attempts = Math.max(1, r.attempts ?? 3);
  let problem = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const answer = await exchange({
      method: "GET",
      url,
      headers: { Authorization: `Bearer ${r.endpoint.token}`, Accept: "application/json" },
      timeoutMs: r.timeoutMs,
      maxBytes: MAX_ANSWER
    });
    const got = tokenOf(answer);
    if ("token" in got) {
      setSecret(got.token);
      return got.token;
    }
    problem = got.problem;
    if (!got.retry) break;
    if (attempt < attempts) await (r.sleep ?? sleeper)(1e3 * attempt);
  }
  throw new IdTokenError(`no OIDC token for audience ${r.audience}: ${problem}`);
}
function oidcTokens(r) {
  return new RenewedTokens(() => requestIdToken(r));
}

// src/action/publish.ts
async function openTarget(m, inputs, env) {
  if (!publishes(m.mode) || m.unsignedReason || inputs.apiUrl === void 0) return void 0;
  const auth = resolveAuth(inputs, env);
  const store = await ReportStore.open(storeDir(m));
  const reports = await Promise.all(m.reports.map((r) => loadWrittenReport({ ...r, path: r.copy })));
  return { apiUrl: inputs.apiUrl, auth, store, reports };
}
async function publishReports(m, target, inputs) {
  const { auth } = target;
  info(`jux: publishing to ${target.apiUrl} with auth ${describeAuth(auth)}`);
  const tokens = auth.kind === "oidc" ? oidcTokens({
    endpoint: auth.endpoint,
    audience: auth.audience,
    timeoutMs: Math.min(inputs.apiTimeoutSeconds, 30) * 1e3
  }) : void 0;
  const client = clientFor(target.apiUrl, inputs, tokens);
  try {
    const run = await runMode({ mode: m.mode, reports: target.reports, store: target.store, client });
    const problem = tokens?.problem;
    return {
      run,
      ...problem ? { tokenProblem: problem } : {},
      ...tokens ? { tokens: tokens.requests } : {}
    };
  } finally {
    client.dispose();
  }
}

// src/action/report.ts
function countsCells(c) {
  return c ? { tests: c.tests, failures: c.failures, errors: c.errors, skipped: c.skipped } : {};
}
function earlierNews(run, queue) {
  const rechecked = queue?.recheckedOnly() ?? /* @__PURE__ */ new Set();
  return run.earlier.filter((r) => !(r.outcome.kind === "duplicate" && rechecked.has(r.hash)));
}
function keptRows(m) {
  const kept = m.artifactProblem ? `not kept: ${m.artifactProblem}` : `${m.unsignedReason ? "kept unsigned (not published)" : "stored"}${m.artifact ? ` in artifact ${m.artifact.name}` : ""}`;
  return m.reports.map((r) => ({
    file: r.name,
    ...countsCells(r),
    hash: r.hash,
    outcome: kept,
    good: !m.artifactProblem
  }));
}
function rowsOf(m, o) {
  const mine = new Map(m.reports.map((r) => [r.hash, r]));
  const fromResult = (r, earlier) => ({
    file: earlier ? `${o.queue?.nameOf(r.hash) ?? r.id} (earlier run)` : r.id,
    ...countsCells(mine.get(r.hash) ?? o.queue?.earlierCounts.get(r.hash)),
    hash: r.hash,
    outcome: describeOutcome(r.outcome),
    good: succeeded(m.mode, r.outcome)
  });
  const rows = [];
  if (o.run) {
    rows.push(
      ...o.run.results.map((r) => fromResult(r, false)),
      ...earlierNews(o.run, o.queue).map((r) => fromResult(r, true))
    );
    for (const q of o.run.quarantined)
      rows.push({ file: q.name, outcome: `quarantined: ${q.reason}`, good: false });
    for (const s of o.queue?.setAside ?? [])
      rows.push({ file: s.name, outcome: `quarantined, not published: ${s.reason}`, good: false });
  } else rows.push(...keptRows(m));
  for (const f of m.failed) rows.push({ file: f.name, outcome: `not signed: ${f.reason}`, good: false });
  return rows;
}
function failure(m, o) {
  if (o.settled?.saveProblem && !m.artifact)
    return "the unpublished reports could be kept neither as an artifact nor in the offline queue: they are lost when this job ends";
  if (o.auth?.problem) return `auth ${o.auth.kind}: ${o.auth.problem}`;
  if (o.run && !o.run.ok)
    return `storage mode ${m.mode}: not every report could be published (see the job summary)`;
  return void 0;
}
function annotate(m, o, notes) {
  const warnings = new Annotations("warning");
  const errors = new Annotations("error", STEP_CAP - 1);
  for (const n of notes) warnings.add(`jux: ${n}`);
  for (const r of o.run ? [...o.run.results, ...o.run.earlier] : []) {
    if (r.outcome.kind === "queued") warnings.add(`${r.id}: ${describeOutcome(r.outcome)}`);
    else if (!succeeded(m.mode, r.outcome)) errors.add(`${r.id}: ${describeOutcome(r.outcome)}`);
  }
  for (const s of o.queue?.setAside ?? []) errors.add(`queue entry ${s.name} quarantined: ${s.reason}`);
  warnings.flush("warnings");
  errors.flush("reports did not end well");
}
async function writeSummary(summary2) {
  try {
    await summary.addRaw(renderSummary(summary2)).write();
  } catch (e) {
    warning(`jux: the job summary could not be written: ${errorMessage(e)}`);
  }
}
function publishingOf(m, auth, inputs, settled) {
  const queue = m.mode !== "cache" ? void 0 : settled?.kept?.in === "artifact" ? `queued in an artifact, ${settled.kept.name}` : `the Actions cache, keys ${inputs.queueKey}-\u2026`;
  return { auth: auth.words, ...queue ? { queue } : {} };
}
async function report(m, o, notes, inputs) {
  const rows = rowsOf(m, o);
  for (const r of rows)
    info(printable(`jux: ${r.file}: ${r.outcome}${r.hash ? ` sha256:${r.hash.slice(0, 12)}` : ""}`));
  annotate(m, o, notes);
  if (inputs.summary)
    await writeSummary({
      mode: m.mode,
      rows,
      ...o.settled && !o.settled.saveProblem ? { queue: o.settled } : {},
      ...m.artifact ? { artifact: { name: m.artifact.name, url: m.artifact.url } } : {},
      ...o.auth ? { publishing: publishingOf(m, o.auth, inputs, o.settled) } : {},
      ...m.insight ? { insight: m.insight } : {},
      notes
    });
  const failed = failure(m, o);
  if (failed) setFailed(failed);
}

// src/action/side-artifacts.ts
var import_promises = __toESM(require_promises(), 1);
var import_node_path2 = __toESM(require_path(), 1);
function refusedOf(run) {
  const all = run ? [...run.results, ...run.earlier] : [];
  return all.filter((r) => r.outcome.kind === "rejected" && !r.outcome.retained);
}
async function rejectedFiles(m, refused, store, dir) {
  await (0, import_promises.mkdir)(dir, { recursive: true, mode: 448 });
  const files = [];
  const copies = /* @__PURE__ */ new Map();
  for (const x of m.reports) if (!copies.has(x.hash)) copies.set(x.hash, x.copy);
  for (const r of refused) {
    const source = copies.get(r.hash) ?? store?.path("rejected", r.hash);
    if (source === void 0) throw new Error(`refused report ${r.id} has no copy and no store holds it`);
    const xml = (0, import_node_path2.join)(dir, reportFileName(r.hash));
    await (0, import_promises.copyFile)(source, xml);
    const reason = (0, import_node_path2.join)(dir, rejectionFileName(r.hash));
    await (0, import_promises.writeFile)(reason, JSON.stringify({ file: r.id, ...r.outcome }, null, 2) + "\n", { mode: 384 });
    files.push(xml, reason);
  }
  return files;
}
async function filesUnder(dir) {
  if (dir === void 0) return [];
  const entries = await (0, import_promises.readdir)(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => (0, import_node_path2.join)(e.parentPath, e.name));
}
async function uploadSideArtifacts(m, refused, suspect, inputs, env) {
  const notes = [];
  let safe = true;
  if (refused.length > 0) {
    const dir = rejectedDir(m);
    const files = await rejectedFiles(m, refused, suspect.store, dir);
    const name = artifactBaseName(inputs.artifactName, env, "-rejected");
    const up = await uploadFiles(name, files, dir, env, inputs.retentionDays);
    safe &&= up.ok;
    notes.push(
      up.ok ? `Reports the server refused, with its reasons: artifact ${up.artifact.name}.` : `the refused reports could not be uploaded as an artifact: ${up.reason}`
    );
  }
  const quarantined = [
    ...await filesUnder(suspect.queueQuarantine),
    ...await filesUnder(suspect.store?.dir("quarantine"))
  ];
  if (quarantined.length > 0) {
    const name = artifactBaseName(inputs.artifactName, env, "-quarantine");
    const up = await uploadFiles(name, quarantined, m.dir, env, inputs.retentionDays);
    safe &&= up.ok;
    notes.push(
      up.ok ? `Queue files that failed their check (never published): artifact ${up.artifact.name}.` : `the quarantined files could not be uploaded as an artifact: ${up.reason}`
    );
  }
  return { kept: { safe }, notes };
}

// src/action/post.ts
async function post(env = process.env) {
  const manifestPath = getState(STATE_MANIFEST);
  if (!manifestPath) {
    info(
      "jux: the main step handed over nothing (it stopped before finding reports); nothing to publish"
    );
    return;
  }
  const m = await readManifest(manifestPath);
  const inputs = readInputs(env.GITHUB_WORKSPACE ?? process.cwd(), "post");
  const notes = m.unsignedReason && m.reports.length > 0 ? [m.unsignedReason] : [];
  const target = await openTarget(m, inputs, env);
  const queue = target && m.mode === "cache" ? await (await import("./offline-queue-ON5RQYCZ.js")).OfflineQueue.collect(m, inputs, target.apiUrl, target.store, env) : void 0;
  notes.push(...queue?.notes ?? []);
  const published = target ? await publishReports(m, target, inputs) : void 0;
  const run = published?.run;
  const auth = target && published ? authReport(target.auth, published, env) : void 0;
  notes.push(...auth?.notes ?? []);
  const side = await uploadSideArtifacts(
    m,
    refusedOf(run),
    { store: target?.store, queueQuarantine: queue?.quarantineDir },
    inputs,
    env
  );
  notes.push(...side.notes);
  const settled = queue ? await queue.settle(side.kept, m) : void 0;
  notes.push(...settled?.notes ?? []);
  await report(m, { run, queue, settled, ...auth ? { auth } : {} }, notes, inputs);
}
export {
  post
};
