import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  MAX_BASELINE_TESTS,
  checkTests,
  isRecord,
  leftOutNote
} from "./chunk-R6DMO5KQ.js";
import {
  EntryRefused,
  SAVE_TIMEOUT_MS,
  TarBounds,
  fetchArchive,
  isFeatureAvailable,
  sanitize,
  saveCache,
  tarStream
} from "./chunk-AEGSJEY6.js";
import {
  require_tar_stream
} from "./chunk-S7CYXRWG.js";
import "./chunk-KFTJB277.js";
import "./chunk-6G4RR4HT.js";
import "./chunk-UYARVZBI.js";
import "./chunk-KNA2GPWT.js";
import {
  within
} from "./chunk-KM4QEB6Z.js";
import {
  errorMessage
} from "./chunk-R6WRUTCP.js";
import {
  require_promises
} from "./chunk-DPWUYGSE.js";
import {
  require_crypto
} from "./chunk-US7DMSZK.js";
import {
  __toESM,
  require_path
} from "./chunk-PGWA7IZW.js";

// src/action/insight/baseline-cache.ts
var import_node_crypto = __toESM(require_crypto(), 1);
var import_promises = __toESM(require_promises(), 1);
var import_node_path = __toESM(require_path(), 1);

// src/action/insight/baseline-archive.ts
var import_tar_stream = __toESM(require_tar_stream(), 1);
var BASELINE_DIR = ".jux-action-baseline";
var BASELINE_FILE = "tests.json";
var MAX_BASELINE_FILE_BYTES = 16 * 1024 ** 2;
var MAX_STREAM_BYTES = MAX_BASELINE_FILE_BYTES + 1024 ** 2;
var quoted = (name) => JSON.stringify(name.length > 120 ? `${name.slice(0, 120)}\u2026` : name);
async function readBaselineFile(archive) {
  const bounds = new TarBounds(MAX_STREAM_BYTES);
  const reader = (0, import_tar_stream.extract)();
  const source = tarStream(archive.file, archive.compression);
  const feeding = (async () => {
    for await (const chunk of source) {
      if (reader.destroyed) return;
      const part = bounds.take(chunk);
      if (part.length > 0 && !reader.write(part))
        await new Promise((done) => {
          reader.once("drain", done);
          reader.once("close", done);
        });
    }
    reader.end(void 0);
  })().then(
    () => void 0,
    (e) => e instanceof Error ? e : new Error(String(e))
  );
  let file;
  try {
    for await (const member of reader) {
      const { name, type, size } = member.header;
      const path = name.replace(/\/+$/, "");
      if (path === BASELINE_DIR && type === "directory") {
        member.resume();
        continue;
      }
      if (path !== `${BASELINE_DIR}/${BASELINE_FILE}` || type !== "file")
        throw new EntryRefused(
          `member ${quoted(name)} (${type ?? "unknown type"}) is not part of a baseline entry, which holds only ${BASELINE_DIR}/${BASELINE_FILE}`
        );
      if (file !== void 0) throw new EntryRefused(`${BASELINE_FILE} appears twice`);
      if ((size ?? 0) > MAX_BASELINE_FILE_BYTES)
        throw new EntryRefused(
          `${BASELINE_FILE} is ${size} bytes, over the ${MAX_BASELINE_FILE_BYTES}-byte limit`
        );
      const chunks = [];
      for await (const chunk of member) chunks.push(chunk);
      file = Buffer.concat(chunks);
    }
  } catch (e) {
    reader.destroy();
    const failed2 = await feeding;
    if (e instanceof EntryRefused) throw e;
    if (failed2 !== void 0)
      throw failed2 instanceof EntryRefused ? failed2 : new EntryRefused(errorMessage(failed2));
    throw new EntryRefused(`it is not a readable tar archive (${errorMessage(e)})`);
  }
  const failed = await feeding;
  if (failed !== void 0)
    throw failed instanceof EntryRefused ? failed : new EntryRefused(errorMessage(failed));
  if (file === void 0) throw new EntryRefused(`it holds no ${BASELINE_DIR}/${BASELINE_FILE}`);
  return file;
}

// src/action/insight/baseline-cache.ts
var FORMAT = 1;
var tag = (...parts) => (0, import_node_crypto.createHash)("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 12);
function baselinePrefix(scope, branch) {
  const owner = tag(scope.project, scope.job ?? "", scope.workflow);
  return `jux-tests-v${FORMAT}-${owner}-${sanitize(branch).slice(0, 80)}-${tag(branch).slice(0, 8)}-`;
}
function baselineKey(prefix, env) {
  return `${prefix}${sanitize(env.GITHUB_RUN_ID ?? "0")}-${sanitize(env.GITHUB_RUN_ATTEMPT ?? "1")}`;
}
var CACHE_TEST_KEYS = {
  suite: "s",
  classname: "c",
  name: "n",
  outcome: "o",
  file: "f",
  line: "l",
  duration: "d",
  failureType: "t",
  failureMessage: "m"
};
function stored(t) {
  return {
    s: t.suite,
    c: t.classname,
    n: t.name,
    o: t.outcome,
    ...t.file !== void 0 ? { f: t.file } : {},
    ...t.line !== void 0 ? { l: t.line } : {},
    ...t.duration !== void 0 ? { d: Math.round(t.duration * 1e3) / 1e3 } : {},
    ...t.failure?.type !== void 0 ? { t: t.failure.type } : {},
    ...t.failure?.message !== void 0 ? { m: t.failure.message } : {}
  };
}
function baselineJson(tests, about) {
  const failing = tests.filter((t) => t.outcome === "failed" || t.outcome === "error");
  const rest = tests.filter((t) => t.outcome !== "failed" && t.outcome !== "error");
  const empty = { v: FORMAT, ...about, tests: [] };
  const head = JSON.stringify(empty).slice(0, -3);
  const parts = [];
  let size = head.length + 2;
  for (const t of [...failing, ...rest]) {
    if (parts.length >= MAX_BASELINE_TESTS) break;
    const part = JSON.stringify(stored(t));
    const bytes = Buffer.byteLength(part) + 1;
    if (size + bytes > MAX_BASELINE_FILE_BYTES) break;
    parts.push(part);
    size += bytes;
  }
  return { text: `${head}[${parts.join(",")}]}`, cut: tests.length - parts.length };
}
async function saveBaseline(workspace, key, tests, about) {
  if (!isFeatureAvailable()) return "the Actions cache is not available to this job";
  const dir = (0, import_node_path.join)(workspace, BASELINE_DIR);
  try {
    await (0, import_promises.rm)(dir, { recursive: true, force: true });
    await (0, import_promises.mkdir)(dir, { recursive: true, mode: 448 });
    const { text, cut } = baselineJson(tests, about);
    await (0, import_promises.writeFile)((0, import_node_path.join)(dir, "tests.json"), text, { mode: 384 });
    const id = await within(
      saveCache([BASELINE_DIR], key),
      SAVE_TIMEOUT_MS,
      `the cache took no answer to the save within ${SAVE_TIMEOUT_MS / 6e4} minutes`
    );
    if (id === -1)
      return `the cache refused entry ${key}: it exists already (a re-run, or a matrix leg with the same job), write is denied for this event, or the service failed (see the log above)`;
    return cut > 0 ? `${cut} of ${tests.length} tests did not fit the baseline's limits and were not kept` : void 0;
  } catch (e) {
    return `the baseline could not be saved as ${key}: ${errorMessage(e)}`;
  } finally {
    await (0, import_promises.rm)(dir, { recursive: true, force: true });
  }
}
function parseBaseline(bytes, key) {
  let value;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch (e) {
    return {
      kind: "none",
      description: `the cache entry ${key} is not valid JSON (${errorMessage(e).slice(0, 200)}): not used`
    };
  }
  if (!isRecord(value) || value.v !== FORMAT || !Array.isArray(value.tests))
    return {
      kind: "none",
      description: `the cache entry ${key} is not a version-${FORMAT} baseline (an object with v and tests): not used`
    };
  const { tests, dropped, cut } = checkTests(value.tests, CACHE_TEST_KEYS, "tests");
  const sha = typeof value.sha === "string" && /^[0-9a-f]{7,64}$/i.test(value.sha) ? value.sha.slice(0, 7) : void 0;
  const run = typeof value.run === "string" && /^[0-9]{1,20}$/.test(value.run) ? value.run : void 0;
  const what = [`${tests.length} tests`, ...run ? [`run ${run}`] : []].join(", ");
  return {
    kind: "found",
    description: `${sha ? `at ${sha} ` : ""}(${what}) from the Actions cache${leftOutNote(dropped, cut)}`,
    tests
  };
}
async function restoreBaseline(prefix, ownKey) {
  if (!isFeatureAvailable())
    return { kind: "none", description: "the Actions cache is not available to this job" };
  let archive;
  try {
    archive = await fetchArchive([BASELINE_DIR], prefix);
  } catch (e) {
    return { kind: "none", description: `the Actions cache could not be read (${errorMessage(e)})` };
  }
  if (archive === void 0)
    return {
      kind: "none",
      description: "no earlier run of this job in the Actions cache",
      empty: "no-entry"
    };
  try {
    if (!archive.key.startsWith(prefix))
      return {
        kind: "none",
        description: `the cache answered with entry ${archive.key}, not one under ${prefix}`
      };
    if (archive.key === ownKey)
      return {
        kind: "none",
        description: `the cache's newest entry ${archive.key} is this workflow run's own (another matrix leg of this attempt): not a baseline`,
        empty: "own-run"
      };
    const bytes = await readBaselineFile(archive);
    return parseBaseline(bytes, archive.key);
  } catch (e) {
    return { kind: "none", description: `the cache entry ${archive.key} was refused: ${errorMessage(e)}` };
  } finally {
    await archive.dispose();
  }
}
export {
  CACHE_TEST_KEYS,
  baselineJson,
  baselineKey,
  baselinePrefix,
  restoreBaseline,
  saveBaseline
};
