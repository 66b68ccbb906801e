import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  TestCollector,
  compareTests,
  unionTests
} from "./chunk-EWRMEQBN.js";
import {
  readReport
} from "./chunk-NKD7BIX5.js";

// src/core/store/compare.ts
var MAX_COMPARED_TESTS = 5e5;
async function readTests(input, options = {}) {
  const collector = new TestCollector(input.source, { maxCases: options.maxCases ?? MAX_COMPARED_TESTS });
  const reading = await readReport({
    source: input.source,
    open: input.open,
    also: collector,
    ...options.limits ? { limits: options.limits } : {}
  });
  return { reading, run: collector.run() };
}
function refOf(t) {
  const ref = { suite: t.suite, classname: t.classname, name: t.name };
  if (t.file !== void 0) ref.file = t.file;
  if (t.line !== void 0) ref.line = t.line;
  return ref;
}
function changeOf(head, before, messageFrom) {
  const c = { ...refOf(head), ...before ? { before } : {}, after: head.outcome };
  const message = messageFrom?.failure?.message;
  if (message !== void 0) c.message = message;
  return c;
}
function differences(base, head, options = {}) {
  const factor = options.slowerFactor ?? 1.5;
  const minSeconds = options.minSeconds ?? 0.1;
  const baseById = unionTests([base]);
  const headById = unionTests([head]);
  const c = compareTests(baseById.values(), headById.values());
  const slower = [];
  for (const [id, now] of headById) {
    const old = baseById.get(id);
    const [was, is] = [old?.duration ?? 0, now.duration ?? 0];
    if (old && is >= was * factor && is - was >= minSeconds)
      slower.push({ ...refOf(now), before: was, after: is });
  }
  slower.sort((x, y) => y.after - y.before - (x.after - x.before));
  return {
    newlyFailing: c.newFailures.map(({ test, before }) => changeOf(test, before, test)),
    stillFailing: c.stillFailing.map(({ test, before }) => changeOf(test, before, test)),
    fixed: c.fixed.map(({ test, before }) => changeOf(test, before, baseById.get(test.id))),
    added: c.added.map((t) => ({ ...refOf(t), status: t.outcome })),
    removed: c.removed.map((t) => ({ ...refOf(t), status: t.outcome })),
    slower
  };
}
async function compareReports(a, b, options = {}) {
  const [before, after] = await Promise.all([readTests(a, options), readTests(b, options)]);
  return {
    sourceA: a.source,
    sourceB: b.source,
    totals: { a: before.run.counts, b: after.run.counts },
    ...differences(before.run.tests, after.run.tests, options),
    truncated: [before, after].flatMap((r, i) => r.run.truncated ? [[a, b][i].source] : [])
  };
}

export {
  readTests,
  differences,
  compareReports
};
