import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  EntryRefused,
  HASH_FILE,
  MAX_PENDING_ZIP_BYTES,
  NAMES,
  PENDING_ZIP_LIMITS,
  QUEUE_ARCHIVE_LIMITS,
  STAGING,
  SUPERSEDES,
  extractQueueTar,
  fetchArchive,
  isFeatureAvailable,
  listPending,
  sanitize,
  saveEntry,
  tarStream
} from "./chunk-AEGSJEY6.js";
import "./chunk-S7CYXRWG.js";
import "./chunk-KFTJB277.js";
import {
  ArtifactRefused,
  MIN_RSA_BITS,
  certificateLabel,
  extractReports,
  loadTrustedKeys,
  publicKeyLabel,
  samePublicKey
} from "./chunk-EDRC3GRI.js";
import {
  REST_TIMEOUT_MS,
  apiUrlOf,
  deleteArtifact,
  downloadZip
} from "./chunk-6G4RR4HT.js";
import "./chunk-UYARVZBI.js";
import {
  checkedReport
} from "./chunk-XI2M4ESO.js";
import {
  C14N10,
  C14N11,
  CURVE_OIDS,
  DSIG11_NS,
  DSIG_NS,
  ENVELOPED,
  EXC_C14N,
  SHA256,
  SIGNATURE_ALGORITHMS,
  artifactBaseName,
  attribute,
  bytesOnce,
  canonicalSubtree,
  childElements,
  drainedMarkerName,
  drainedPrefix,
  findChild,
  isC14nMethod,
  isElement,
  loadReportBytes,
  markedId,
  pendingPrefix,
  queueQuarantineDir,
  readReport,
  serverTag,
  signedInfoContext,
  spillDue,
  textContent,
  uploadFiles,
  verifyBytes
} from "./chunk-TRPTZRWW.js";
import {
  CONTROL_CHARACTERS,
  VERSION,
  XmlError,
  countsOf
} from "./chunk-KM4QEB6Z.js";
import {
  errorMessage
} from "./chunk-R6WRUTCP.js";
import {
  require_buffer,
  require_promises
} from "./chunk-DPWUYGSE.js";
import {
  HttpClient,
  HttpClientError,
  info,
  require_crypto,
  require_os
} from "./chunk-US7DMSZK.js";
import {
  __toESM,
  require_fs,
  require_path
} from "./chunk-PGWA7IZW.js";

// src/action/queue/collect.ts
var import_promises2 = __toESM(require_promises(), 1);

// src/action/queue/collected.ts
function emptyCollected() {
  return {
    entries: [],
    superseded: [],
    pending: [],
    marked: { pending: [], markers: [] },
    lastAccessed: [],
    listed: false,
    reports: 0,
    names: /* @__PURE__ */ new Map(),
    setAside: [],
    notes: []
  };
}
async function oneByOne(items, each) {
  for (const item of items) await each(item);
}

// src/action/queue/github-caches.ts
var RestUnavailable = class extends Error {
  name = "RestUnavailable";
};
var GitHubCaches = class {
  constructor(token, env) {
    this.token = token;
    this.http = new HttpClient(`jux-action/${VERSION}`);
    this.base = `${(env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/+$/, "")}/repos/${env.GITHUB_REPOSITORY}/actions/caches`;
  }
  token;
  http;
  base;
  headers() {
    return {
      authorization: `Bearer ${this.token}`,
      accept: "application/vnd.github+json",
      "x-github-api-version": "2022-11-28"
    };
  }
  unavailable(e, needs) {
    const status = e instanceof HttpClientError ? e.statusCode : void 0;
    const what = status ? `HTTP ${status}` : errorMessage(e);
    return new RestUnavailable(`the caches API answered ${what} (github_token needs ${needs})`);
  }
  /** Every entry whose key starts with prefix, newest first (so a very long list cuts off the oldest). */
  async list(prefix) {
    const all = [];
    for (let page = 1; page <= 50; page++) {
      const query = new URLSearchParams({
        key: prefix,
        sort: "created_at",
        direction: "desc",
        per_page: "100",
        page: String(page)
      });
      let body;
      try {
        const response = await this.http.getJson(
          `${this.base}?${query.toString()}`,
          this.headers()
        );
        if (response.statusCode === 404 || response.result === null)
          throw new HttpClientError("not found", response.statusCode);
        body = response.result;
      } catch (e) {
        throw this.unavailable(e, "actions: read");
      }
      const entries = body?.actions_caches ?? [];
      all.push(...entries.filter((e) => e.key.startsWith(prefix)));
      if (entries.length < 100) break;
    }
    return all;
  }
  /** Deletes the entry with exactly this key on this ref; false when it was already gone. */
  async delete(key, ref) {
    const query = new URLSearchParams({ key, ref });
    const response = await this.http.del(`${this.base}?${query.toString()}`, this.headers());
    const status = response.message.statusCode ?? 0;
    await response.readBody();
    if (status === 404) return false;
    if (status >= 300) throw this.unavailable(new HttpClientError("", status), "actions: write");
    return true;
  }
  dispose() {
    this.http.dispose();
  }
};

// src/action/queue/restore.ts
var import_node_buffer = __toESM(require_buffer(), 1);
var import_node_crypto = __toESM(require_crypto(), 1);
var import_node_fs = __toESM(require_fs(), 1);
var import_promises = __toESM(require_promises(), 1);
var import_node_os = __toESM(require_os(), 1);
var import_node_path = __toESM(require_path(), 1);
var KEEP_REFUSED_ARCHIVE_BYTES = 64 * 1024 ** 2;
var KEEP_QUARANTINED_FILE_BYTES = 1024 ** 2;
var mayBeReport = (file, bytes) => HASH_FILE.test(file) && (0, import_node_buffer.isUtf8)(bytes);
var ContentProblem = class extends Error {
};
async function readRegular(path) {
  const handle = await (0, import_promises.open)(path, import_node_fs.constants.O_RDONLY | import_node_fs.constants.O_NOFOLLOW);
  try {
    const { size } = await handle.stat();
    if (size > QUEUE_ARCHIVE_LIMITS.memberBytes)
      throw new ContentProblem(
        `it is ${size} bytes, over the ${QUEUE_ARCHIVE_LIMITS.memberBytes}-byte limit`
      );
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
async function setAside(o, got, entry, file, reason, bytes) {
  let movedTo;
  if (bytes) {
    const dir = (0, import_node_path.join)(o.quarantineDir, sanitize(entry));
    await (0, import_promises.mkdir)(dir, { recursive: true, mode: 448 });
    const kept = mayBeReport(file, bytes) ? bytes : bytes.subarray(0, KEEP_QUARANTINED_FILE_BYTES);
    movedTo = (0, import_node_path.join)(dir, sanitize(file));
    await (0, import_promises.writeFile)(movedTo, kept, { mode: 384 });
    if (kept.length < bytes.length) {
      const sha = (0, import_node_crypto.createHash)("sha256").update(bytes).digest("hex");
      reason += ` (only its first ${kept.length} of ${bytes.length} bytes are kept; sha256:${sha})`;
    }
  }
  got.setAside.push({ name: `${entry}/${file}`, reason, ...movedTo ? { movedTo } : {} });
}
function parseJson(bytes, valid, shape) {
  let value2;
  try {
    value2 = JSON.parse(bytes.toString("utf8"));
  } catch (e) {
    throw new ContentProblem(`it is not valid JSON (${errorMessage(e)})`);
  }
  if (!valid(value2)) throw new ContentProblem(`it is not ${shape}`);
  return value2;
}
var isArray = (v) => Array.isArray(v);
var isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
async function quarantineArchive(o, got, archive, problem) {
  const size = (await (0, import_promises.stat)(archive.file)).size;
  if (size > KEEP_REFUSED_ARCHIVE_BYTES) {
    got.notes.push(
      `queue entry ${archive.key} refused (${problem}) and too large to keep as an artifact (${(size / 1024 ** 2).toFixed(1)} MiB): left in the cache, where every run downloads and refuses it again until the cache evicts it (7 days unused); inspect it, or delete it with gh cache delete ${archive.key}`
    );
    return false;
  }
  const name = (0, import_node_path.basename)(archive.file);
  const dir = (0, import_node_path.join)(o.quarantineDir, sanitize(archive.key));
  await (0, import_promises.mkdir)(dir, { recursive: true, mode: 448 });
  const movedTo = (0, import_node_path.join)(dir, name);
  await (0, import_promises.copyFile)(archive.file, movedTo);
  const reason = `entry refused, nothing of it restored: ${problem}. A genuine queue entry holds only files directly in ${STAGING}/: this one was written by something else (cache poisoning?)`;
  await (0, import_promises.writeFile)((0, import_node_path.join)(dir, `${name}.reason.txt`), `${reason}
`, { mode: 384 });
  got.setAside.push({ name: `${archive.key}/${name}`, reason, movedTo });
  return true;
}
async function vetted(o, bytes, source, named) {
  const verdict = await o.vet(bytes, source);
  if ("problem" in verdict) return verdict;
  if (verdict.hash !== named)
    return {
      problem: `its canonical hash is sha256:${verdict.hash}, not the sha256:${named} its name says (changed after it was queued)`
    };
  return { checked: verdict.checked };
}
async function takeFile(o, staging, name, entry, got, skip, names) {
  const bytes = await readRegular((0, import_node_path.join)(staging, name));
  if (name === SUPERSEDES) {
    for (const key of parseJson(bytes, isArray, "a list of keys")) if (typeof key === "string") skip.add(key);
    return;
  }
  if (name === NAMES) {
    const map = parseJson(bytes, isObject, "a map of hashes to file names");
    for (const [hash, text] of Object.entries(map))
      if (HASH_FILE.test(`${hash}.xml`) && typeof text === "string" && !CONTROL_CHARACTERS.test(text))
        names.set(hash, text.slice(0, 300));
    return;
  }
  const named = HASH_FILE.exec(name)?.[1];
  const verdict = named ? await vetted(o, bytes, `${entry.key}/${name}`, named) : { problem: "not a queued report (names are <canonical hash>.xml)" };
  if ("problem" in verdict) await setAside(o, got, entry.key, name, verdict.problem, bytes);
  else {
    await o.store.put("queue", bytes, named, verdict.checked);
    entry.hashes.push(named);
    got.reports++;
  }
}
async function collectFiles(o, staging, extracted, entry, got, skip, into) {
  let complete = true;
  const names = /* @__PURE__ */ new Map();
  const before = got.setAside.length;
  for (const s of extracted.setAside) await setAside(o, got, entry.key, s.file, s.reason);
  const take = async (name) => {
    try {
      await takeFile(o, staging, name, entry, got, skip, names);
    } catch (e) {
      if (e instanceof ContentProblem) {
        const bytes = await readRegular((0, import_node_path.join)(staging, name)).catch(() => void 0);
        await setAside(o, got, entry.key, name, `${name} is unusable: ${e.message}`, bytes);
        return;
      }
      complete = false;
      got.notes.push(
        `${entry.key}/${name} could not be collected (${errorMessage(e)}); its entry is kept for a later run`
      );
    }
  };
  await (o.batch ?? oneByOne)(extracted.files, take);
  const marker = entry.hashes.length === 0 && got.setAside.length === before;
  for (const hash of entry.hashes) {
    const name = names.get(hash);
    if (name !== void 0 && !got.names.has(hash)) got.names.set(hash, name);
  }
  if (complete) into.push(marker ? { ...entry, marker: true } : entry);
}
async function restoreEntry(o, wanted, got, skip) {
  const into = wanted.hinted ? got.superseded : got.entries;
  const archive = await fetchArchive([STAGING], wanted.key);
  if (archive === void 0) return false;
  let staging;
  try {
    if (wanted.exact && archive.key !== wanted.key) return false;
    staging = await (0, import_promises.mkdtemp)((0, import_node_path.join)(o.env.RUNNER_TEMP || (0, import_node_os.tmpdir)(), "jux-queue-entry-"));
    const entry = { key: archive.key, ref: wanted.ref, hashes: [] };
    let extracted;
    try {
      extracted = await extractQueueTar(tarStream(archive.file, archive.compression), staging);
    } catch (e) {
      if (!(e instanceof EntryRefused)) throw e;
      if (await quarantineArchive(o, got, archive, e.message)) into.push(entry);
      return true;
    }
    await collectFiles(o, staging, extracted, entry, got, skip, into);
    return true;
  } catch (e) {
    got.notes.push(
      `queue entry ${archive.key} could not be collected (${errorMessage(e)}); it is kept for a later run`
    );
    return true;
  } finally {
    if (staging !== void 0) await (0, import_promises.rm)(staging, { recursive: true, force: true });
    await archive.dispose();
  }
}

// src/action/queue/collect.ts
function visibleRefs(env, defaultBranch) {
  if (!defaultBranch) return void 0;
  const refs = /* @__PURE__ */ new Set([`refs/heads/${defaultBranch}`]);
  if (env.GITHUB_REF) refs.add(env.GITHUB_REF);
  if (env.GITHUB_BASE_REF) refs.add(`refs/heads/${env.GITHUB_BASE_REF}`);
  return refs;
}
async function defaultBranchOf(env) {
  if (!env.GITHUB_EVENT_PATH) return void 0;
  try {
    const event = JSON.parse(await (0, import_promises2.readFile)(env.GITHUB_EVENT_PATH, "utf8"));
    return event.repository?.default_branch;
  } catch {
    return void 0;
  }
}
var FALLBACK = "only the newest queue entry is collected this run; older ones wait for a run that can list them (for 7 days: the cache evicts entries unused that long)";
async function listEntries(o, notes) {
  if (!o.token) {
    notes.push(`no github_token: ${FALLBACK}`);
    return void 0;
  }
  const api = new GitHubCaches(o.token, o.env);
  try {
    const listed = await api.list(o.prefix);
    const refs = visibleRefs(o.env, await defaultBranchOf(o.env));
    return refs ? listed.filter((e) => refs.has(e.ref)) : listed;
  } catch (e) {
    if (!(e instanceof RestUnavailable)) throw e;
    notes.push(`${e.message}: ${FALLBACK}`);
    return void 0;
  } finally {
    api.dispose();
  }
}
async function collectQueue(o) {
  const got = emptyCollected();
  if (!isFeatureAvailable()) {
    got.notes.push("the Actions cache is not available to this job: earlier runs' queue is not collected");
    return got;
  }
  const ref = o.env.GITHUB_REF ?? "";
  try {
    const listed = await listEntries(o, got.notes);
    got.listed = listed !== void 0;
    const skip = /* @__PURE__ */ new Set();
    let missed = 0;
    if (listed === void 0) await restoreEntry(o, { key: o.prefix, ref, exact: false }, got, skip);
    for (const e of listed ?? []) {
      if (e.last_accessed_at) got.lastAccessed.push(e.last_accessed_at);
      const wanted = { key: e.key, ref: e.ref, exact: true, hinted: skip.has(e.key) };
      if (!await restoreEntry(o, wanted, got, skip)) missed++;
    }
    if (missed > 0)
      got.notes.push(
        `${missed} listed queue entr${missed === 1 ? "y" : "ies"} could not be restored (saved on another OS or without zstd?); they wait for a runner like the one that saved them`
      );
  } catch (e) {
    got.notes.push(
      `collecting the queue failed (${errorMessage(e)}): earlier runs' reports wait for a later run`
    );
  }
  return got;
}

// src/action/queue/keys.ts
var import_node_crypto2 = __toESM(require_crypto(), 1);
function queuePrefix(queueKey, apiUrl, env) {
  return `${sanitize(queueKey)}-${sanitize(env.GITHUB_REPOSITORY ?? "repository")}-${serverTag(apiUrl)}-`;
}
function newQueueKey(prefix, env) {
  const parts = [env.GITHUB_RUN_ID ?? "0", env.GITHUB_RUN_ATTEMPT ?? "1", env.GITHUB_JOB ?? "job"];
  return `${prefix}${parts.map(sanitize).join("-")}-${(0, import_node_crypto2.randomBytes)(4).toString("hex")}`;
}

// src/action/queue/pending-artifact.ts
var import_promises3 = __toESM(require_promises(), 1);
var import_node_os2 = __toESM(require_os(), 1);
var import_node_path2 = __toESM(require_path(), 1);
var MAX_RETENTION_DAYS = 90;
function pendingRetention(env) {
  const repository = Number(env.GITHUB_RETENTION_DAYS);
  return Number.isSafeInteger(repository) && repository > 0 ? Math.min(MAX_RETENTION_DAYS, repository) : MAX_RETENTION_DAYS;
}
function pendingNaming(artifactName, apiUrl, env) {
  const tag = serverTag(apiUrl);
  return {
    prefix: pendingPrefix(artifactName, apiUrl),
    drained: drainedPrefix(artifactName, apiUrl),
    name: artifactBaseName(artifactName, env, `-pending-${tag}`),
    retentionDays: pendingRetention(env)
  };
}
async function uploadPending(naming, reports, env, upload = uploadFiles) {
  const dir = await (0, import_promises3.mkdtemp)((0, import_node_path2.join)(env.RUNNER_TEMP || (0, import_node_os2.tmpdir)(), "jux-pending-"));
  try {
    const files = [];
    for (const r of reports) {
      const file = (0, import_node_path2.join)(dir, `${r.hash}.xml`);
      await (0, import_promises3.writeFile)(file, await r.xml(), { mode: 384 });
      files.push(file);
    }
    const names = Object.fromEntries(reports.filter((r) => r.name).map((r) => [r.hash, r.name]));
    if (Object.keys(names).length > 0) {
      await (0, import_promises3.writeFile)((0, import_node_path2.join)(dir, NAMES), JSON.stringify(names), { mode: 384 });
      files.push((0, import_node_path2.join)(dir, NAMES));
    }
    return await upload(naming.name, files, dir, env, naming.retentionDays);
  } catch (e) {
    return { ok: false, reason: errorMessage(e) };
  } finally {
    await (0, import_promises3.rm)(dir, { recursive: true, force: true });
  }
}
var DAY_MS = 864e5;
function markerRetention(naming, expiresAt, now) {
  if (expiresAt === void 0) return naming.retentionDays;
  return Math.max(1, Math.min(naming.retentionDays, Math.floor((expiresAt - now) / DAY_MS)));
}
async function markDrained(naming, drained, env, upload = uploadFiles) {
  let marked = 0;
  let problem;
  const dir = await (0, import_promises3.mkdtemp)((0, import_node_path2.join)(env.RUNNER_TEMP || (0, import_node_os2.tmpdir)(), "jux-drained-"));
  try {
    const file = (0, import_node_path2.join)(dir, "drained.txt");
    for (const e of drained) {
      if (e.artifactId === void 0) continue;
      await (0, import_promises3.writeFile)(file, `pending artifact ${e.artifactId} (${e.key}) was drained; delete both
`, {
        mode: 384
      });
      const name = drainedMarkerName(naming.drained, e.artifactId);
      const done = await upload(name, [file], dir, env, markerRetention(naming, e.expiresAt, Date.now()));
      if (done.ok) marked++;
      else problem ??= `${name}: ${done.reason}`;
    }
  } catch (e) {
    problem ??= errorMessage(e);
  } finally {
    await (0, import_promises3.rm)(dir, { recursive: true, force: true });
  }
  return { marked, ...problem ? { problem } : {} };
}

// src/action/queue/pending-collect.ts
var import_promises4 = __toESM(require_promises(), 1);
var import_node_os3 = __toESM(require_os(), 1);
var import_node_path3 = __toESM(require_path(), 1);
var PENDING_PER_RUN = 20;
function restFor(env, token) {
  return { api: apiUrlOf(env), repository: env.GITHUB_REPOSITORY ?? "", token, timeoutMs: REST_TIMEOUT_MS };
}
async function collectOne(o, rest, a, got) {
  const dir = await (0, import_promises4.mkdtemp)((0, import_node_path3.join)(o.env.RUNNER_TEMP || (0, import_node_os3.tmpdir)(), "jux-pending-in-"));
  try {
    const zip = (0, import_node_path3.join)(dir, "artifact.zip");
    await downloadZip(rest, a, zip, MAX_PENDING_ZIP_BYTES);
    const root = (0, import_node_path3.join)(dir, "files");
    let files;
    try {
      files = (await extractReports(zip, root, PENDING_ZIP_LIMITS, `pending artifact ${a.name}`)).files.map(
        (f) => f.name
      );
    } catch (e) {
      if (!(e instanceof ArtifactRefused)) throw e;
      got.setAside.push({ name: a.name, reason: e.message });
      got.notes.push(`${e.message}; it is left as it is (delete it by hand once inspected)`);
      return;
    }
    const entry = {
      key: a.name,
      ref: "",
      hashes: [],
      artifactId: a.id,
      ...a.expiresAt !== void 0 ? { expiresAt: a.expiresAt } : {}
    };
    await collectFiles(o, root, { files, setAside: [] }, entry, got, /* @__PURE__ */ new Set(), got.pending);
  } finally {
    await (0, import_promises4.rm)(dir, { recursive: true, force: true });
  }
}
var MARKED_PER_RUN = 100;
function splitMarked(listed, naming) {
  const named = /* @__PURE__ */ new Set();
  const markers = [];
  for (const a of listed) {
    const id = markedId(naming.drained, a.name);
    if (id === void 0) continue;
    named.add(id);
    markers.push(a.id);
  }
  const pending = listed.filter((a) => a.name.startsWith(naming.prefix));
  const open2 = pending.filter((a) => !named.has(a.id));
  const marked = pending.filter((a) => named.has(a.id)).map((a) => a.id);
  return {
    collect: open2.slice(0, PENDING_PER_RUN),
    more: Math.max(0, open2.length - PENDING_PER_RUN),
    marked: { pending: marked.slice(0, MARKED_PER_RUN), markers: markers.slice(0, MARKED_PER_RUN) }
  };
}
async function collectPending(o, naming, got) {
  if (!o.token) {
    got.notes.push("no github_token: pending artifacts (the queue outside the cache) are not collected");
    return;
  }
  const rest = restFor(o.env, o.token);
  let listed;
  try {
    const all = await listPending(
      rest,
      (name) => name.startsWith(naming.prefix) || markedId(naming.drained, name) !== void 0,
      Number.MAX_SAFE_INTEGER
    );
    listed = splitMarked(all.artifacts, naming);
    got.marked = listed.marked;
  } catch (e) {
    got.notes.push(`pending artifacts are not collected: ${errorMessage(e)}`);
    return;
  }
  for (const a of listed.collect) {
    try {
      await collectOne(o, rest, a, got);
    } catch (e) {
      got.notes.push(
        `pending artifact ${a.name} could not be collected (${errorMessage(e)}); a later run tries again`
      );
    }
  }
  if (listed.more > 0)
    got.notes.push(
      `${listed.more} older pending artifact(s) wait for a later run (${PENDING_PER_RUN} per run)`
    );
}
async function deletePending(entries, token, env) {
  if (entries.length === 0) return { deleted: 0, kept: [] };
  if (!token) return { deleted: 0, kept: entries, reason: "no github_token; it needs actions: write" };
  const rest = restFor(env, token);
  for (const [i, e] of entries.entries()) {
    const done = await deleteArtifact(rest, e.artifactId);
    if (!done.ok)
      return {
        deleted: i,
        kept: entries.slice(i),
        reason: `the artifacts API answered ${done.problem} (github_token needs actions: write)`
      };
  }
  return { deleted: entries.length, kept: [] };
}
async function deleteMarked(marked, token, env) {
  const ids = [...marked.pending, ...marked.markers];
  if (ids.length === 0 || !token) return { deleted: 0 };
  const rest = restFor(env, token);
  for (const [i, id] of ids.entries()) {
    const done = await deleteArtifact(rest, id);
    if (!done.ok)
      return {
        deleted: i,
        reason: `the artifacts API answered ${done.problem} (github_token needs actions: write)`
      };
  }
  return { deleted: ids.length };
}

// src/action/queue/delete.ts
async function deleteEntries(entries, token, env) {
  if (entries.length === 0) return { deleted: 0, kept: [] };
  if (!token) return { deleted: 0, kept: entries, reason: "no github_token; it needs actions: write" };
  const api = new GitHubCaches(token, env);
  let deleted = 0;
  try {
    for (const [i, e] of entries.entries()) {
      try {
        await api.delete(e.key, e.ref);
        deleted++;
      } catch (err) {
        return { deleted, kept: entries.slice(i), reason: errorMessage(err) };
      }
    }
    return { deleted, kept: [] };
  } finally {
    api.dispose();
  }
}

// src/action/queue/supersede.ts
function redundantEntries(c, stillQueued, ref, savedHere) {
  return [...c.superseded, ...c.entries].filter(
    (e) => e.hashes.every((h) => !stillQueued.has(h)) || savedHere && e.ref === ref
  );
}
function recheckedOnly(c) {
  const elsewhere = new Set(c.entries.flatMap((e) => e.hashes));
  return new Set(c.superseded.flatMap((e) => e.hashes).filter((h) => !elsewhere.has(h)));
}
function needsMarker(c, kept, waiting) {
  return waiting === 0 && c.listed && kept.some((e) => !e.marker && c.entries.includes(e));
}

// src/action/queue/settle.ts
function age(entries, now) {
  let oldest = Infinity;
  for (const e of entries) {
    const time = Date.parse(e.timestamp ?? e.storedAt);
    if (Number.isFinite(time) && time < oldest) oldest = time;
  }
  if (oldest === Infinity) return { depth: entries.length };
  return { depth: entries.length, oldestHours: Math.max(0, (now - oldest) / 36e5) };
}
var plural = (n) => `entr${n === 1 ? "y" : "ies"}`;
async function spill(q, files, why) {
  const spilled = await uploadPending(q.pending, files, q.env);
  if (!spilled.ok) return { failed: spilled.reason };
  const name = spilled.artifact.name;
  info(`jux: ${files.length} report(s) wait in pending artifact ${name}`);
  return {
    kept: { in: "artifact", name },
    note: `${why}: ${files.length} unpublished report(s) were queued in an artifact instead, ${name}; a later run of this repository publishes them`
  };
}
async function saveWaiting(q, c, m, waiting, supersedable, spillAge) {
  const names = new Map([...c.names, ...m.reports.map((r) => [r.hash, r.name])]);
  const files = waiting.map((e) => ({
    hash: e.hash,
    xml: () => q.store.read("queue", e.hash),
    name: names.get(e.hash)
  }));
  let spillProblem = "";
  if (spillAge !== void 0) {
    const why = `the offline queue's entries were not accessed for ${spillAge.toFixed(1)} days (spill_after_days ${q.spillAfterDays}; the cache evicts them after 7)`;
    const spilled2 = await spill(q, files, why);
    if (!("failed" in spilled2)) return spilled2;
    spillProblem = ` (moving them to a pending artifact failed: ${spilled2.failed})`;
  }
  const key = newQueueKey(q.prefix, q.env);
  const saved = await saveEntry(
    q.workspace,
    key,
    files,
    supersedable.map((e) => e.key)
  );
  if (saved.ok) {
    info(`jux: ${waiting.length} report(s) wait in the offline queue (cache key ${key})${spillProblem}`);
    return { kept: { in: "cache", name: key } };
  }
  const spilled = spillProblem ? { failed: spillProblem } : await spill(q, files, `the offline queue's cache entry could not be saved (${saved.reason})`);
  if (!("failed" in spilled)) return spilled;
  return {
    problem: `${waiting.length} unpublished report(s) could not be saved to the offline queue (${saved.reason}), nor as a pending artifact (${spilled.failed}). ` + (m.artifact ? `No later run will publish them by itself: publish them from artifact ${m.artifact.name} with jux publish -f.` : "They are in no artifact either: they are lost when this job ends.")
  };
}
async function deleteRedundant(q, c, redundant, waiting) {
  const done = await deleteEntries(redundant, q.token, q.env);
  if (done.deleted) info(`jux: deleted ${done.deleted} drained queue ${plural(done.deleted)}`);
  if (done.kept.length === 0) return void 0;
  if (needsMarker(c, done.kept, waiting))
    await saveEntry(
      q.workspace,
      newQueueKey(q.prefix, q.env),
      [],
      done.kept.map((e) => e.key)
    );
  return `${done.kept.length} drained queue ${plural(done.kept.length)} could not be deleted (${done.reason}). Harmless: later runs check them again (the server answers duplicate) until a run with actions: write deletes them`;
}
function drainedPending(c, stillQueued, safe, spilledHere) {
  if (!safe) return [];
  return c.pending.filter((e) => spilledHere || e.hashes.every((h) => !stillQueued.has(h)));
}
async function deleteDrainedPending(q, c, drained, stillQueued) {
  const done = await deletePending(drained, q.token, q.env);
  if (done.deleted) info(`jux: deleted ${done.deleted} drained pending artifact(s)`);
  if (done.kept.length === 0) {
    const cleaned = await deleteMarked(c.marked, q.token, q.env);
    if (cleaned.deleted)
      info(`jux: deleted ${cleaned.deleted} marked drained pending artifact(s) and marker(s)`);
    if (!cleaned.reason) return void 0;
    return `${c.marked.pending.length} pending artifact(s) drained by earlier runs and marked could not be deleted (${cleaned.reason}). Harmless: runs skip them; a run with actions: write deletes them and their markers`;
  }
  const gone = done.kept.filter((e) => e.hashes.every((h) => !stillQueued.has(h)));
  const marks = gone.length > 0 ? await markDrained(q.pending, gone, q.env) : { marked: 0 };
  const marked = marks.marked ? `; ${marks.marked} marked so that later runs skip them instead of publishing their reports again` : "";
  const failed = marks.problem ? ` (a marker could not be uploaded: ${marks.problem})` : "";
  return `${done.kept.length} drained pending artifact(s) could not be deleted (${done.reason})${marked}${failed}. Harmless: a run with actions: write deletes them (and their markers), or they expire`;
}
async function settleQueue(q, c, m, kept) {
  const waiting = await q.store.list("queue");
  const stillQueued = new Set(waiting.map((e) => e.hash));
  const ref = q.env.GITHUB_REF ?? "";
  const drained = (savedHere) => kept.safe ? redundantEntries(c, stillQueued, ref, savedHere) : [];
  const notes = [];
  let redundant = drained(false);
  let saving;
  if (waiting.length > 0) {
    const supersedable = drained(true);
    const spillAge = spillDue(c.lastAccessed, Date.now(), q.spillAfterDays);
    saving = await saveWaiting(q, c, m, waiting, supersedable, spillAge);
    if ("problem" in saving) notes.push(saving.problem);
    else if (saving.kept.in === "artifact") redundant = kept.safe ? [...c.superseded, ...c.entries] : [];
    else redundant = supersedable;
    if ("note" in saving && saving.note) notes.push(saving.note);
  }
  const deleteNote = await deleteRedundant(q, c, redundant, waiting.length);
  if (deleteNote) notes.push(deleteNote);
  const spilledHere = saving !== void 0 && "kept" in saving && saving.kept.in === "artifact";
  const pendingNote = await deleteDrainedPending(
    q,
    c,
    drainedPending(c, stillQueued, kept.safe, spilledHere),
    stillQueued
  );
  if (pendingNote) notes.push(pendingNote);
  return {
    ...age(waiting, Date.now()),
    ...saving && "problem" in saving ? { saveProblem: saving.problem } : {},
    ...saving && "kept" in saving ? { kept: saving.kept } : {},
    notes
  };
}

// src/core/xmldsig/embedded-key.ts
var import_node_crypto3 = __toESM(require_crypto(), 1);
var EmbeddedKeyError = class extends Error {
};
var base64Of = (el) => Buffer.from(textContent(el).replace(/\s/g, ""), "base64");
var base64url = (b) => b.toString("base64url");
function fromCertificate(el) {
  let certificate;
  try {
    certificate = new import_node_crypto3.X509Certificate(base64Of(el));
  } catch {
    throw new EmbeddedKeyError("ds:KeyInfo/ds:X509Data/ds:X509Certificate is not a valid X.509 certificate");
  }
  const label = certificateLabel(certificate);
  return { publicKey: certificate.publicKey, label: `certificate ${label}`, certificate: label };
}
function rsaKey(el) {
  const [modulus, exponent] = childElements(el).map((c) => base64Of(c));
  return (0, import_node_crypto3.createPublicKey)({
    key: { kty: "RSA", n: base64url(modulus), e: base64url(exponent) },
    format: "jwk"
  });
}
function ecKey(el) {
  const [curveEl, pointEl] = childElements(el);
  const oid = curveEl.tag.attributes.find((a) => a.local === "URI")?.value.replace(/^urn:oid:/, "");
  const curve = Object.entries(CURVE_OIDS).find(([, o]) => o === oid)?.[0];
  if (!curve) throw new Error(`unsupported curve ${oid}`);
  const point = base64Of(pointEl);
  const size = (point.length - 1) / 2;
  if (point[0] !== 4 || !Number.isInteger(size)) throw new Error("not an uncompressed point");
  return (0, import_node_crypto3.createPublicKey)({
    key: {
      kty: "EC",
      crv: curve,
      x: base64url(point.subarray(1, 1 + size)),
      y: base64url(point.subarray(1 + size))
    },
    format: "jwk"
  });
}
function fromKeyValue(el) {
  const value2 = childElements(el)[0];
  const ec = value2.tag.ns === DSIG11_NS;
  let publicKey;
  try {
    publicKey = ec ? ecKey(value2) : rsaKey(value2);
  } catch (e) {
    throw new EmbeddedKeyError(
      `ds:KeyInfo/ds:KeyValue does not hold a valid ${ec ? "EC" : "RSA"} public key (${e.message})`
    );
  }
  return { publicKey, label: publicKeyLabel(publicKey) };
}
function embeddedKey(signature) {
  const keyInfo = findChild(signature, "KeyInfo");
  if (!keyInfo) return void 0;
  const data = findChild(keyInfo, "X509Data");
  const certificate = data && findChild(data, "X509Certificate");
  const keyValue = findChild(keyInfo, "KeyValue");
  const fromCert = certificate && fromCertificate(certificate);
  const fromValue = keyValue && fromKeyValue(keyValue);
  if (fromCert && fromValue && !samePublicKey(fromCert.publicKey, fromValue.publicKey))
    throw new EmbeddedKeyError(
      `ds:KeyInfo names two different keys: the ${fromCert.label} and the ds:KeyValue ${fromValue.label}`
    );
  return fromCert ?? fromValue;
}
function embeddedCertificateLabel(signature) {
  try {
    return embeddedKey(signature)?.certificate;
  } catch {
    return void 0;
  }
}

// src/core/xmldsig/profile.ts
var EMPTY = { attributes: ["Algorithm"], children: [], text: "none" };
var value = (text, attributes = []) => ({ attributes, children: [], text });
var atMostOnce = (...names) => (got) => {
  const twice = names.find((n) => got.filter((g) => g === n).length > 1);
  return twice && `may hold only one ${twice}`;
};
var exactly = (...names) => (got) => got.length === names.length && got.every((n, i) => n === names[i]) ? void 0 : `must hold ${names.join(", ")} (found: ${got.join(", ") || "nothing"})`;
var RULES = {
  "ds:Signature": {
    attributes: ["Id"],
    children: ["ds:SignedInfo", "ds:SignatureValue", "ds:KeyInfo"],
    text: "none"
  },
  "ds:SignedInfo": {
    attributes: ["Id"],
    children: ["ds:CanonicalizationMethod", "ds:SignatureMethod", "ds:Reference"],
    text: "none"
  },
  "ds:CanonicalizationMethod": EMPTY,
  "ds:SignatureMethod": EMPTY,
  "ds:Reference": {
    attributes: ["Id", "URI"],
    children: ["ds:Transforms", "ds:DigestMethod", "ds:DigestValue"],
    text: "none"
  },
  "ds:Transforms": { attributes: [], children: ["ds:Transform"], text: "none" },
  "ds:Transform": EMPTY,
  "ds:DigestMethod": EMPTY,
  "ds:DigestValue": value("base64"),
  "ds:SignatureValue": value("base64", ["Id"]),
  "ds:KeyInfo": {
    attributes: ["Id"],
    children: ["ds:X509Data", "ds:KeyValue", "ds:KeyName"],
    text: "none",
    shape: atMostOnce("ds:X509Data", "ds:KeyValue", "ds:KeyName")
  },
  "ds:KeyName": value("string"),
  "ds:KeyValue": {
    attributes: [],
    children: ["ds:RSAKeyValue", "dsig11:ECKeyValue"],
    text: "none",
    shape: (got) => got.length === 1 ? void 0 : "must hold one ds:RSAKeyValue or dsig11:ECKeyValue"
  },
  "ds:RSAKeyValue": {
    attributes: [],
    children: ["ds:Modulus", "ds:Exponent"],
    text: "none",
    shape: exactly("ds:Modulus", "ds:Exponent")
  },
  "ds:Modulus": value("base64"),
  "ds:Exponent": value("base64"),
  "dsig11:ECKeyValue": {
    attributes: ["Id"],
    children: ["dsig11:NamedCurve", "dsig11:PublicKey"],
    text: "none",
    shape: exactly("dsig11:NamedCurve", "dsig11:PublicKey")
  },
  "dsig11:NamedCurve": value("none", ["URI"]),
  "dsig11:PublicKey": value("base64"),
  "ds:X509Data": {
    attributes: [],
    children: ["ds:X509IssuerSerial", "ds:X509SubjectName", "ds:X509SKI", "ds:X509Certificate"],
    text: "none",
    shape: (got) => got.includes("ds:X509Certificate") ? void 0 : "must hold at least one ds:X509Certificate"
  },
  // xmlsec1 1.2 leaves an X509IssuerSerial of its template empty.
  "ds:X509IssuerSerial": {
    attributes: [],
    children: ["ds:X509IssuerName", "ds:X509SerialNumber"],
    text: "none",
    shape: (got) => got.length === 0 ? void 0 : exactly("ds:X509IssuerName", "ds:X509SerialNumber")(got)
  },
  "ds:X509IssuerName": value("string"),
  "ds:X509SerialNumber": value("integer"),
  "ds:X509SubjectName": value("string"),
  "ds:X509SKI": value("base64-or-empty"),
  "ds:X509Certificate": value("base64")
};
function profileName(el) {
  if (el.tag.ns === DSIG_NS) return `ds:${el.tag.local}`;
  if (el.tag.ns === DSIG11_NS) return `dsig11:${el.tag.local}`;
  return el.tag.ns ? `${el.tag.qname} (namespace ${el.tag.ns})` : el.tag.qname;
}
var BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
function textProblem(kind, el) {
  const text = textContent(el);
  const compact = text.replace(/[ \t\r\n]/g, "");
  if (kind === "string") return void 0;
  if (kind === "none")
    return compact === "" ? void 0 : `may not contain text (found "${excerpt(text.trim())}")`;
  if (kind === "integer")
    return /^-?[0-9]+$/.test(text.trim()) ? void 0 : `must hold an integer (found "${excerpt(text.trim())}")`;
  if (kind === "base64-or-empty" && compact === "") return void 0;
  return compact.length % 4 === 0 && BASE64.test(compact) ? void 0 : `must hold base64 (found "${excerpt(text.trim())}")`;
}
function excerpt(text) {
  return text.length > 40 ? `${text.slice(0, 40)}\u2026` : text;
}
function elementProblem(el, name, path) {
  const rule = RULES[name];
  if (!rule) return `${path} is not part of the profile`;
  for (const a of el.tag.attributes) {
    if (a.ns !== "" || !rule.attributes.includes(a.local))
      return `${path} may not have the attribute ${a.qname} (allowed: ${rule.attributes.join(", ") || "none"})`;
  }
  const names = [];
  for (const child of el.children) {
    if (!isElement(child)) continue;
    const childName = profileName(child);
    if (!rule.children.includes(childName)) return `${path} may not contain ${childName}`;
    names.push(childName);
  }
  const text = textProblem(rule.text, el);
  if (text) return `${path} ${text}`;
  const shape = rule.shape?.(names);
  if (shape) return `${path} ${shape}`;
  for (const child of el.children) {
    if (!isElement(child)) continue;
    const childName = profileName(child);
    const problem = elementProblem(
      child,
      childName,
      `${path === "ds:Signature" ? "" : path + "/"}${childName}`
    );
    if (problem) return problem;
  }
  return void 0;
}
function profileProblem(signature) {
  return elementProblem(signature, profileName(signature), "ds:Signature");
}

// src/core/xmldsig/reasons.ts
var FIELD_BYTES = {
  prime256v1: ["P-256", 32],
  secp384r1: ["P-384", 48],
  secp521r1: ["P-521", 66]
};
function signatureLength(key) {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === "rsa") return Math.ceil((details?.modulusLength ?? 0) / 8);
  const field = FIELD_BYTES[details?.namedCurve ?? ""];
  return field && field[1] * 2;
}
function keyKind(key) {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === "rsa") return `an RSA ${details?.modulusLength}-bit key`;
  return `a ${FIELD_BYTES[details?.namedCurve ?? ""]?.[0] ?? details?.namedCurve} ECDSA key`;
}
function lengthProblem(value2, key) {
  const expected = signatureLength(key);
  if (expected === void 0 || value2.length === expected) return void 0;
  return `the SignatureValue is ${value2.length} bytes; ${keyKind(key)} makes ${expected}-byte signatures: it was truncated or altered after signing`;
}
var C14N_NAMES = {
  [C14N10]: "C14N 1.0",
  [C14N11]: "C14N 1.1",
  [EXC_C14N]: "exclusive C14N"
};
function renamed(node, from, to) {
  const qname = (prefix, local) => prefix ? `${prefix}:${local}` : local;
  const tag = node.tag;
  const ours = tag.ns === DSIG_NS && tag.prefix === from;
  return {
    tag: {
      ...tag,
      ...ours ? { prefix: to, qname: qname(to, tag.local) } : {},
      namespaces: tag.namespaces.map(
        (d) => d.prefix === from && d.uri === DSIG_NS ? { ...d, prefix: to } : d
      )
    },
    end: node.end && (ours ? { ...node.end, qname: qname(to, tag.local) } : node.end),
    children: node.children.map((c) => isElement(c) ? renamed(c, from, to) : c)
  };
}
function withoutWhitespace(node) {
  return {
    ...node,
    children: node.children.filter((c) => isElement(c) || c.raw.toString("utf8").trim() !== "").map((c) => isElement(c) ? withoutWhitespace(c) : c)
  };
}
function hasWhitespace(node) {
  return node.children.some((c) => isElement(c) ? hasWhitespace(c) : c.raw.toString("utf8").trim() === "");
}
function editedSignedInfo(f) {
  const verifies = (el, method, context = f.context) => verifyBytes(canonicalSubtree(el, method, context), f.value, f.key, f.algorithm);
  const actual = canonicalSubtree(f.signedInfo, f.c14n, f.context);
  for (const method of [C14N11, EXC_C14N, C14N10]) {
    if (method === f.c14n || canonicalSubtree(f.signedInfo, method, f.context).equals(actual)) continue;
    if (verifies(f.signedInfo, method))
      return `the signature was made over SignedInfo canonicalized with ${C14N_NAMES[method]}, but its CanonicalizationMethod says ${C14N_NAMES[f.c14n]}: the signer canonicalized SignedInfo wrongly; sign the report again with a conforming signer`;
  }
  const prefix = f.signedInfo.tag.prefix;
  for (const original of ["ds", ""].filter((p) => p !== prefix)) {
    const context = {
      ...f.context,
      namespaces: f.context.namespaces.map(
        (d) => d.prefix === prefix && d.uri === DSIG_NS ? { ...d, prefix: original } : d
      )
    };
    if (verifies(renamed(f.signedInfo, prefix, original), f.c14n, context))
      return `the Signature was re-prefixed after signing (${prefix ? prefix + ":" : "no prefix"} instead of ${original ? original + ":" : "no prefix"}): the prefix is part of the signed SignedInfo; submit the file exactly as it was signed`;
  }
  if (hasWhitespace(f.signedInfo) && verifies(withoutWhitespace(f.signedInfo), f.c14n))
    return "whitespace was added inside SignedInfo after signing (re-indented?): submit the file exactly as it was signed";
  return void 0;
}
function specificReason(f) {
  return lengthProblem(f.value, f.key) ?? editedSignedInfo(f);
}
function whyNotVerified(f, keyLabel) {
  const length = lengthProblem(f.value, f.key);
  if (length) return length;
  const base = `the signature value does not verify over SignedInfo with the ${keyLabel}`;
  return `${base}: ${editedSignedInfo(f) ?? "SignedInfo or SignatureValue was altered after signing"}`;
}

// src/core/xmldsig/verify.ts
var Invalid = class extends Error {
  constructor(message, failure) {
    super(message);
    this.failure = failure;
  }
  failure;
};
function fail(reason, failure = "profile") {
  throw new Invalid(reason, failure);
}
function dsChildren(el) {
  for (const child of el.children) {
    if (!isElement(child) && child.raw.toString("utf8").trim() !== "") {
      fail(`unexpected text inside ds:${el.tag.local}`);
    }
  }
  const children = childElements(el);
  for (const c of children) {
    if (c.tag.ns !== DSIG_NS) fail(`unexpected element <${c.tag.qname}> inside ds:${el.tag.local}`);
  }
  return children;
}
function expect(children, names, where) {
  const got = children.map((c) => c.tag.local);
  if (got.length !== names.length || got.some((n, i) => n !== names[i])) {
    fail(
      `ds:${where} must contain ${names.map((n) => "ds:" + n).join(", ")} (found: ${got.join(", ") || "nothing"})`
    );
  }
  return children;
}
function algorithmOf(el) {
  const uri = attribute(el, "Algorithm");
  if (uri === void 0) fail(`ds:${el.tag.local} has no Algorithm`);
  if (childElements(el).length > 0) fail(`ds:${el.tag.local} must be empty (no parameters are accepted)`);
  return uri;
}
function c14nOf(el) {
  const uri = algorithmOf(el);
  if (!isC14nMethod(uri))
    fail(
      `canonicalization ${uri} is not accepted (only C14N 1.0, C14N 1.1 and exclusive C14N, without comments)`
    );
  return uri;
}
function base64(el, what) {
  const text = textContent(el).replace(/[ \t\r\n]/g, "");
  if (text === "" || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text))
    fail(`${what} is not valid base64`);
  return Buffer.from(text, "base64");
}
function digestFor(method, digests) {
  return digests.get(method === C14N10 ? C14N11 : method);
}
function keyMatches(key, algorithm) {
  const type = key.publicKey.asymmetricKeyType;
  if (algorithm.key === "rsa")
    return type === "rsa" && (key.publicKey.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_BITS;
  return type === "ec";
}
function embeddedOf(signature) {
  try {
    return embeddedKey(signature);
  } catch (e) {
    if (e instanceof EmbeddedKeyError) fail(e.message);
    throw e;
  }
}
function parse(sig) {
  const problem = profileProblem(sig.element);
  if (problem) fail(problem);
  const [signedInfo, signatureValue, keyInfo, ...rest] = dsChildren(sig.element);
  if (!signedInfo || signedInfo.tag.local !== "SignedInfo")
    fail("ds:Signature must start with ds:SignedInfo");
  if (!signatureValue || signatureValue.tag.local !== "SignatureValue")
    fail("ds:SignedInfo must be followed by ds:SignatureValue");
  if (keyInfo && keyInfo.tag.local !== "KeyInfo") fail(`unexpected ds:${keyInfo.tag.local} in ds:Signature`);
  if (rest.length > 0) fail("ds:Signature may hold only SignedInfo, SignatureValue and KeyInfo");
  const [c14nEl, methodEl, reference] = expect(
    dsChildren(signedInfo),
    ["CanonicalizationMethod", "SignatureMethod", "Reference"],
    "SignedInfo"
  );
  const c14n = c14nOf(c14nEl);
  const methodUri = algorithmOf(methodEl);
  const algorithm = SIGNATURE_ALGORITHMS[methodUri];
  if (!algorithm)
    fail(`signature algorithm ${methodUri} is not accepted (only rsa-sha256 and ecdsa-sha256/384/512)`);
  if (attribute(reference, "URI") !== "") fail('the ds:Reference must cover the whole document (URI="")');
  const [transforms, digestMethod, digestValue] = expect(
    dsChildren(reference),
    ["Transforms", "DigestMethod", "DigestValue"],
    "Reference"
  );
  const [enveloped, transformC14n] = expect(
    dsChildren(transforms),
    ["Transform", "Transform"],
    "Transforms"
  );
  if (algorithmOf(enveloped) !== ENVELOPED) fail("the first transform must be enveloped-signature");
  const referenceC14n = c14nOf(transformC14n);
  if (algorithmOf(digestMethod) !== SHA256)
    fail(`digest algorithm ${attribute(digestMethod, "Algorithm")} is not accepted (only SHA-256)`);
  const embedded = embeddedOf(sig.element);
  const expected = base64(digestValue, "DigestValue");
  if (!expected.equals(digestFor(referenceC14n, sig.digests))) {
    fail(
      "the report was modified after it was signed (its digest does not match the signed DigestValue)",
      "modified"
    );
  }
  const value2 = base64(signatureValue, "SignatureValue");
  return { signedInfo, value: value2, methodUri, algorithm, c14n, referenceC14n, embedded };
}
var ValueCheck = class {
  constructor(p, sig) {
    this.p = p;
    this.context = signedInfoContext(sig.document, sig.element);
    this.canonical = canonicalSubtree(p.signedInfo, p.c14n, this.context);
  }
  p;
  canonical;
  context;
  verifies(key) {
    if (lengthProblem(this.p.value, key)) return false;
    return verifyBytes(this.canonical, this.p.value, key, this.p.algorithm);
  }
  failed(key) {
    const { signedInfo, c14n, value: value2, algorithm } = this.p;
    return { signedInfo, c14n, context: this.context, value: value2, key, algorithm };
  }
};
function trustedSigner(p, values, trusted) {
  const names = trusted.map((k) => k.label).join("; ");
  const fitting = trusted.filter((k) => keyMatches(k, p.algorithm));
  const embedded = p.embedded;
  const named = embedded && `the report names the ${embedded.label}; `;
  const noFit = () => fail(
    `no trusted key fits the ${p.methodUri.split("#")[1]} signature (${named ?? ""}trusted: ${names})`,
    "untrusted-key"
  );
  if (fitting.length === 0) noFit();
  const pinned = embedded && trusted.find((k) => samePublicKey(k.publicKey, embedded.publicKey));
  const signer = (keys) => keys.find((k) => values.verifies(k.publicKey));
  const swapped = (by2) => fail(
    `the report's KeyInfo names the ${embedded.label}, but the signature was made by the trusted ${by2.label}: KeyInfo was altered after signing; submit the file exactly as it was signed`,
    "altered"
  );
  if (embedded && !pinned) {
    const by2 = signer(fitting);
    if (by2) swapped(by2);
    fail(
      `the signature was not made by a trusted key: the report's embedded ${embedded.label} is not the trusted one (trusted: ${names})`,
      "untrusted-key"
    );
  }
  if (pinned) {
    if (!fitting.includes(pinned)) noFit();
    if (values.verifies(pinned.publicKey)) return pinned.label;
    const by2 = signer(fitting.filter((k) => k !== pinned));
    if (by2) swapped(by2);
    fail(
      whyNotVerified(values.failed(pinned.publicKey), `trusted ${pinned.label}, which the report names`),
      "altered"
    );
  }
  const by = signer(fitting);
  if (by) return by.label;
  const specific = fitting.length === 1 ? specificReason(values.failed(fitting[0].publicKey)) : void 0;
  fail(
    `the signature was not made by a trusted key, or SignedInfo or SignatureValue was altered after signing (the report names no key${specific ? `; with ${fitting[0].label}: ${specific}` : ""}; trusted: ${names})`,
    "untrusted-or-altered"
  );
}
function check(sig, trusted) {
  const p = parse(sig);
  const result = { algorithm: p.methodUri, c14n: p.referenceC14n, embedded: p.embedded };
  if (trusted !== null) return { ...result, signer: trustedSigner(p, new ValueCheck(p, sig), trusted) };
  const embedded = p.embedded;
  if (!embedded) return { ...result, signer: void 0 };
  const type = embedded.publicKey.asymmetricKeyType;
  if (type !== p.algorithm.key)
    fail(
      `the report's KeyInfo names the ${embedded.label}, ${type === "ec" ? "an EC" : type === "rsa" ? "an RSA" : `a ${type}`} key, which cannot have made this ${p.methodUri.split("#")[1]} signature: KeyInfo was altered after signing`,
      "altered"
    );
  const values = new ValueCheck(p, sig);
  if (!values.verifies(embedded.publicKey))
    fail(
      whyNotVerified(values.failed(embedded.publicKey), `${embedded.label} the report names (not trusted)`),
      "altered"
    );
  return { ...result, signer: void 0 };
}
var certificateOf = (signature) => {
  const label = embeddedCertificateLabel(signature);
  return label ? { embeddedCertificate: label } : {};
};
function verifySignature(sig, trusted) {
  const extra = certificateOf(sig.element);
  if (trusted.length === 0)
    return {
      valid: false,
      error: "no trusted certificate or public key was given",
      failure: "untrusted-key",
      ...extra
    };
  try {
    const { signer, algorithm, c14n } = check(sig, trusted);
    return { valid: true, signer, algorithm, c14n, ...extra };
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    return { valid: false, error: e.message, failure: e.failure, ...extra };
  }
}

// src/core/report/verify-report.ts
async function verifyReport(options) {
  let reading;
  try {
    reading = await readReport(options);
  } catch (e) {
    if (e instanceof XmlError) return { valid: false, error: e.message };
    throw e;
  }
  const { canonicalHash, summary, signature, problems } = reading;
  if (problems.length > 0)
    return { valid: false, error: problems.join("; "), failure: "profile", canonicalHash, summary };
  if (!signature)
    return {
      valid: false,
      error: "the report is not signed (no ds:Signature element)",
      failure: "unsigned",
      canonicalHash,
      summary
    };
  const verdict = verifySignature(signature, options.trusted);
  return { ...verdict, canonicalHash, summary };
}

// src/core/publish/vet.ts
function vetAgainst(trusted) {
  return async (xml, source) => {
    if (trusted) {
      const open2 = () => bytesOnce(xml);
      const verdict = await verifyReport({ source, open: open2, reread: open2, trusted });
      if (!verdict.valid) return { problem: `its signature does not verify: ${verdict.error}` };
      return { hash: verdict.canonicalHash, checked: checkedReport(xml, { ...verdict, signed: true }) };
    }
    try {
      const read = await loadReportBytes(xml, source);
      return { hash: read.hash, checked: checkedReport(xml, { ...read, canonicalHash: read.hash }) };
    } catch (e) {
      return { problem: errorMessage(e) };
    }
  };
}

// src/action/queue/vet.ts
function vetWith(certificatePem) {
  return vetAgainst(
    certificatePem ? loadTrustedKeys({ pem: certificatePem, source: "input signing_cert" }) : void 0
  );
}

// src/action/queue/offline-queue.ts
function countsByHash(entries) {
  return new Map(entries.map((e) => [e.hash, countsOf(e)]));
}
var COLLECT_HOLD_MS = 1e4;
var QueueOrderError = class extends Error {
  name = "QueueOrderError";
  code = "QUEUE_ORDER";
};
var OfflineQueue = class _OfflineQueue {
  constructor(context, collected, earlierCounts, quarantineDir) {
    this.context = context;
    this.collected = collected;
    this.earlierCounts = earlierCounts;
    this.quarantineDir = quarantineDir;
  }
  context;
  collected;
  earlierCounts;
  quarantineDir;
  settled = false;
  /** Restores the entries earlier runs left (for this repository and api_url) into the store's queue. */
  static async collect(m, inputs, apiUrl, store, env) {
    const context = {
      prefix: queuePrefix(inputs.queueKey, apiUrl, env),
      workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
      env,
      ...inputs.githubToken ? { token: inputs.githubToken } : {},
      store,
      pending: pendingNaming(inputs.artifactName, apiUrl, env),
      spillAfterDays: inputs.spillAfterDays
    };
    const quarantineDir = queueQuarantineDir(m);
    const options = {
      ...context,
      vet: vetWith(m.certificatePem),
      quarantineDir,
      batch: (items, each) => store.batch(items, each, { holdMs: COLLECT_HOLD_MS })
    };
    const collected = await collectQueue(options);
    await collectPending(options, context.pending, collected);
    const counts = countsByHash(await store.list("queue"));
    return new _OfflineQueue(context, collected, counts, quarantineDir);
  }
  /** What collecting could not do and its consequence. */
  get notes() {
    return this.collected.notes;
  }
  /** The files restored entries held that failed their check (never queued). */
  get setAside() {
    return this.collected.setAside;
  }
  /** A restored report's original file name, as its entry recorded it (display only). */
  nameOf(hash) {
    return this.collected.names.get(hash);
  }
  /** Reports that only entries named as already drained held: a duplicate of one of them is no news. */
  recheckedOnly() {
    return recheckedOnly(this.collected);
  }
  /**
   * Saves what still waits and deletes the drained entries; once. `kept` is the proof that the refused and
   * quarantined reports were dealt with: entries are superseded or deleted only when `kept.safe`.
   */
  async settle(kept, m) {
    if (this.settled)
      throw new QueueOrderError(
        "the offline queue was settled twice: settle it once, after the side artifacts"
      );
    this.settled = true;
    return settleQueue(this.context, this.collected, m, kept);
  }
};
export {
  OfflineQueue,
  QueueOrderError
};
