import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  jwtClaims,
  looksLikeJwt
} from "./chunk-Q6XMGXG2.js";
import {
  progressOn
} from "./chunk-TNA5AUR4.js";
import {
  ReportStore,
  loadReportBytes,
  loadReportFile,
  storeOptions
} from "./chunk-YQV3QM3E.js";
import "./chunk-OXD67FX5.js";
import {
  clientFor
} from "./chunk-I5PHMKPF.js";
import {
  expandInputs,
  isProblem,
  operandsOf,
  reportsHelp
} from "./chunk-ZAYRCJWR.js";
import "./chunk-OV4UDHCO.js";
import "./chunk-GYPFEUP3.js";
import "./chunk-NKD7BIX5.js";
import "./chunk-J5DVWMKE.js";
import {
  apiConfiguration,
  keepsArtifact,
  publishes,
  storageBase
} from "./chunk-2JDYEZ2Q.js";
import {
  UsageError,
  json,
  parse,
  writeLine
} from "./chunk-FDG5WOXJ.js";
import {
  errorMessage
} from "./chunk-KE6R4GHG.js";
import {
  require_path
} from "./chunk-QDVVVQI6.js";
import {
  __toESM
} from "./chunk-3XIP2PPI.js";

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

// src/cli/commands/publish.ts
var USAGE = `Usage: jux publish [REPORT.xml|DIR|'PATTERN' ...] [-r] [--queue] [--dry-run] [--json] [options]

Keeps and publishes signed JUnit XML reports as the storage mode says:
  local   store only, no network
  api     publish only; fails when a report could not be published
  both    store and publish; fails if either fails
  cache   store, publish what can be published, queue the rest (with the reason) for the next run;
          never fails because the server is unreachable or slow. The queue is published first.
The bytes are sent exactly as they are on disk. The API key comes from the configuration (JUX_API_KEY,
JUX_BEARER_TOKEN or bearer_token in a config file), never from the command line; it must be at least 8
characters, and a config file holding it should be readable by you alone (chmod 600). A server that answers
with a redirect is not followed (the key would go with it): set --api-url to the final address.

Exit status: 0 every report ended well, 1 none did, 2 some did (as pytest-jux's jux-publish), 2 also for a
usage error.

${reportsHelp("-f", "--json lists them all in its reports array.")}

Options:
  -f, --file FILE          a report to publish (repeatable; "-" reads standard input)
  -r, --recursive          a directory's subdirectories too
  -q, --queue              publish the store's offline queue (also what jux cache push does)
  -n, --dry-run            say what would be done; send, store and change nothing
      --storage-mode MODE  local, api, both or cache (default: cache when api_url is set, else local; run
                           as jux-publish: api, as pytest-jux's jux-publish)
      --storage-path DIR   the store (default: JUX_STORAGE_PATH, else $XDG_DATA_HOME/jux)
      --api-url URL        the Jux API, ending in /api/v1 (e.g. http://localhost:4000/api/v1)
      --api-key-header H   send the key in header H instead of "Authorization: Bearer"
      --oidc-token-env VAR send the OIDC ID token held in environment variable VAR instead of an API key, as
                           "Authorization: Bearer" (GitLab CI id_tokens, any CI that issues a JWT; jux serve
                           --oidc-issuer). No API key may be configured with it
      --timeout SECONDS    per request (default 30)
      --max-retries N      retries of a transient failure (default 3)
  -j, --json               print {mode, ok, reports: [{file, hash, outcome, ...}], earlier, quarantined}
  -h, --help               show this help
`;
var OPTIONS = {
  file: { type: "string", short: "f", multiple: true },
  recursive: { type: "boolean", short: "r" },
  queue: { type: "boolean", short: "q" },
  "dry-run": { type: "boolean", short: "n" },
  "storage-mode": { type: "string" },
  "storage-path": { type: "string" },
  "api-url": { type: "string" },
  "api-key-header": { type: "string" },
  "oidc-token-env": { type: "string" },
  timeout: { type: "string" },
  "max-retries": { type: "string" },
  json: { type: "boolean", short: "j" },
  // pytest-jux's jux-publish flags: -v is accepted (the output is per report already), a key is refused.
  verbose: { type: "boolean", short: "v" },
  "bearer-token": { type: "string" },
  help: { type: "boolean", short: "h" }
};
function cliSettings(values) {
  const pairs = [
    ["storage_mode", values["storage-mode"]],
    ["storage_path", values["storage-path"]],
    ["api_url", values["api-url"]],
    ["api_key_header", values["api-key-header"]],
    ["api_timeout", values.timeout],
    ["api_max_retries", values["max-retries"]]
  ];
  return Object.fromEntries(pairs.filter((p) => p[1] !== void 0));
}
async function configuration(values, io) {
  const { config, origins } = await apiConfiguration(cliSettings(values), io);
  if (io.pytestJux && origins.storageMode.kind === "default" && config.apiUrl) config.storageMode = "api";
  return config;
}
async function storeOf(config, io) {
  const store = await ReportStore.open(storageBase(config.storagePath, io), storeOptions(config, io));
  const requeued = store.repaired?.requeued.length ?? 0;
  if (requeued)
    writeLine(
      io.stderr,
      `re-queued ${requeued} report(s) that an interrupted command had stored but not queued`
    );
  return store;
}
async function readStdin(io) {
  const parts = [];
  for await (const chunk of io.stdin) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}
async function reportsOf(operands, recursive, io) {
  if (operands.length === 0) return [];
  return (await expandInputs(operands, io, { cwd: io.cwd, recursive })).items;
}
async function loadAll(items, io) {
  const loaded = [];
  const bad = [];
  const failed = (id, reason) => bad.push({ id, hash: "", stored: false, outcome: { kind: "failed", reason } });
  for (const item of items) {
    if (isProblem(item)) {
      failed(item.source, item.problem);
      continue;
    }
    try {
      loaded.push(
        item.path === void 0 ? await loadReportBytes(await readStdin(io), "<stdin>") : await loadReportFile(item.path, item.source)
      );
    } catch (e) {
      failed(item.source, errorMessage(e));
    }
  }
  return { loaded, bad };
}
function exitStatus(mode, results) {
  if (results.length === 0) return 0;
  const good = results.filter((r) => succeeded(mode, r.outcome)).length;
  return good === results.length ? 0 : good === 0 ? 1 : 2;
}
function print(io, asJson, p, ok) {
  if (asJson) {
    const row = (r) => ({ file: r.id, hash: r.hash, stored: r.stored, ...r.outcome });
    writeLine(
      io.stdout,
      json({
        mode: p.mode,
        ok,
        reports: p.results.map(row),
        earlier: p.earlier.map(row),
        quarantined: p.quarantined
      })
    );
    return;
  }
  for (const r of [...p.earlier, ...p.results]) {
    const line = `${r.id}: ${describeOutcome(r.outcome)}${r.hash ? ` sha256:${r.hash.slice(0, 12)}` : ""}`;
    writeLine(succeeded(p.mode, r.outcome) ? io.stdout : io.stderr, line);
  }
  for (const q of p.quarantined)
    writeLine(io.stderr, `quarantined ${q.name}: ${q.reason} (moved to ${q.movedTo}; not published)`);
  if (p.results.length + p.earlier.length === 0 && p.quarantined.length === 0)
    writeLine(io.stdout, "nothing to publish");
}
function dryRun(io, asJson, mode, loaded, queued) {
  const plan = loaded.map((r) => ({ file: r.id, hash: r.hash, tests: r.summary.tests, would: mode }));
  if (asJson) writeLine(io.stdout, json({ mode, dry_run: true, reports: plan, queued }));
  else {
    for (const p of plan)
      writeLine(
        io.stdout,
        `would ${publishes(mode) ? "publish" : "store"} ${p.file} (sha256:${p.hash.slice(0, 12)}, ${p.tests} tests)`
      );
    if (queued) writeLine(io.stdout, `would publish ${queued} queued report(s) first`);
  }
  return 0;
}
async function send(mode, reports, store, client, options) {
  const { batch } = options;
  const drained = options.drainFirst && mode !== "cache" ? await drainQueue(store, client, { batch }) : { results: [], quarantined: [] };
  const run = await runMode({
    mode,
    reports,
    ...store ? { store } : {},
    ...client ? { client } : {},
    batch
  });
  return {
    mode,
    results: [...run.results],
    earlier: [...drained.results, ...run.earlier],
    quarantined: [...drained.quarantined, ...run.quarantined]
  };
}
function withOidcToken(config, variable, io) {
  if (variable === void 0) return config;
  const flag = `jux publish: --oidc-token-env ${variable}`;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable))
    throw new UsageError(
      `${flag}: give the name of an environment variable (e.g. JUX_ID_TOKEN), not its value`
    );
  if (config.apiKey !== void 0)
    throw new UsageError(
      `${flag}: an API key is configured too (JUX_API_KEY, JUX_BEARER_TOKEN or a config file's bearer_token): publish with one credential, unset the key or drop --oidc-token-env`
    );
  const token = io.env[variable]?.trim();
  if (!token)
    throw new UsageError(
      `${flag}: the variable is ${io.env[variable] === void 0 ? "not set" : "empty"}: have the CI issue an ID token into it (GitLab CI: id_tokens: { ${variable}: { aud: <the server's audience> } })`
    );
  if (!looksLikeJwt(token))
    throw new UsageError(
      `${flag}: the variable does not hold a JWT (three base64url parts separated by dots): give the variable of the CI's ID token`
    );
  checkTokenDestination(config.apiUrl, token, flag, io);
  return { ...config, apiKey: token, apiKeyHeader: "Authorization" };
}
function checkTokenDestination(apiUrl, token, flag, io) {
  if (apiUrl === void 0) return;
  const url = new URL(apiUrl);
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !local)
    throw new UsageError(
      `${flag}: api_url ${url.origin} is not https: the token would cross the network in clear text; use the server's https:// address`
    );
  const aud = jwtClaims(token)?.aud;
  const audiences = (Array.isArray(aud) ? aud : [aud]).filter((a) => typeof a === "string");
  if (audiences.length > 0 && !audiences.some((a) => a.replace(/\/+$/, "") === url.origin))
    writeLine(
      io.stderr,
      `warning: ${flag}: the token was issued for ${audiences.map((a) => JSON.stringify(a)).join(", ")}, not for api_url's origin ${url.origin}: check that api_url is the server you meant to send it to`
    );
}
var publish = async (argv, io) => {
  const { values, tokens } = parse(argv, OPTIONS, "publish", true);
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (values["bearer-token"] !== void 0)
    throw new UsageError(
      "jux publish: --bearer-token is not accepted (a key on the command line is seen by every process): set JUX_BEARER_TOKEN or JUX_API_KEY instead"
    );
  const files = operandsOf(tokens, "file");
  if (files.length === 0 && !values.queue)
    throw new UsageError(
      "jux publish: give reports (files, a directory or a quoted pattern, or -f FILE), or --queue to publish the offline queue (see jux publish --help)"
    );
  const config = withOidcToken(await configuration(values, io), values["oidc-token-env"], io);
  const mode = config.storageMode;
  if ((publishes(mode) || values.queue) && !config.apiUrl)
    throw new UsageError(
      `jux publish: ${values.queue ? "publishing the queue (--queue, jux cache push)" : `storage mode ${mode}`} needs api_url (--api-url, JUX_API_URL or a config file)`
    );
  const { loaded, bad } = await loadAll(await reportsOf(files, !!values.recursive, io), io);
  const store = !keepsArtifact(mode) && !values.queue ? void 0 : await storeOf(config, io);
  if (values["dry-run"])
    return dryRun(
      io,
      !!values.json,
      mode,
      loaded,
      values.queue && store ? (await store.list("queue")).length : 0
    );
  const client = config.apiUrl ? clientFor(config.apiUrl, config) : void 0;
  const progress = progressOn(io, "publishing");
  const batch = { concurrency: config.publishConcurrency, ...progress ? { onProgress: progress } : {} };
  try {
    const queueOnly = values.queue && files.length === 0;
    const printed = await send(mode, loaded, store, client, { batch, drainFirst: !!values.queue });
    printed.results.push(...bad);
    const status = queueOnly ? exitStatus("api", printed.earlier) : exitStatus(mode, printed.results);
    print(io, !!values.json, printed, status === 0);
    return status;
  } finally {
    client?.dispose();
  }
};
export {
  publish
};
