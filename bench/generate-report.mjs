// Streams a deterministic synthetic JUnit XML report of about `targetBytes` to `path`.
// Usage: node bench/generate-report.mjs out.xml 100   (size in MB, MB = 1024*1024 bytes)
import { openSync, writeSync, closeSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";

const MB = 1024 * 1024;

// mulberry32: small, fast, seeded PRNG
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  "alpha",
  "beta",
  "gamma",
  "delta",
  "fetch",
  "parse",
  "cache",
  "user",
  "order",
  "token",
  "retry",
  "render",
  "queue",
  "index",
];
const LINES = [
  "INFO  starting worker pool size=4",
  "DEBUG GET /api/v1/items?page=2&amp;limit=50 -> 200",
  "DEBUG comparing a &lt; b &amp;&amp; b &gt; c",
  "WARN  slow query took 132 ms",
  "INFO  résumé café naïve ✓ 🚀 done",
  'TRACE payload={"id": 42, "ok": true}',
  "INFO  temp dir /tmp/pytest-of-ci/pytest-17/test0",
];

export function generateReport(path, targetBytes, seed = 42) {
  const rnd = prng(seed);
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const fd = openSync(path, "w");
  let buf = "";
  let written = 0;
  const out = (s) => {
    buf += s;
    if (buf.length > 1 << 20) flush();
  };
  const flush = () => {
    if (!buf) return;
    written += writeSync(fd, buf);
    buf = "";
  };
  const size = () => written + Buffer.byteLength(buf);

  const caseXml = (suite, i, status) => {
    const cls = `tests.${pick(WORDS)}.test_${suite}_${pick(WORDS)}`;
    let s = `<testcase classname="${cls}" name="test_${pick(WORDS)}_${i}[param-${i % 7}]" time="${(rnd() * 2).toFixed(3)}"`;
    if (status === "skipped")
      return s + `><skipped type="pytest.skip" message="not on this platform"/></testcase>`;
    s += ">";
    if (status === "failed") {
      const n = 4 + Math.floor(rnd() * 12);
      let tb = `def test_${i}():\n&gt;       assert result == expected\nE       AssertionError: assert 'a&lt;b' == 'a&gt;b'\n`;
      for (let k = 0; k < n; k++)
        tb += `\n${cls.replace(/\./g, "/")}.py:${10 + k * 7}: in helper_${k}\n    return ${pick(WORDS)}(x, y=${k})`;
      s += `<failure message="AssertionError: assert 'a&lt;b' == 'a&gt;b' (case ${i})" type="AssertionError">${tb}</failure>`;
    }
    if (rnd() < 0.8) {
      const n = 2 + Math.floor(rnd() * 25);
      let o = "";
      for (let k = 0; k < n; k++) o += `${pick(LINES)} #${k}\n`;
      if (rnd() < 0.1) o += `<![CDATA[raw <html> & "quotes" é ✓ 🚀 ]]>\n`;
      s += `<system-out>${o}</system-out>`;
    }
    return s + "</testcase>";
  };

  out(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench">`);
  const tail = "</testsuites>\n";
  let suite = 0;
  let cases = 0;
  while (size() + tail.length < targetBytes) {
    // Plan the suite first so its counters are known before its cases are written.
    const avg = cases ? size() / cases : 1000;
    const left = Math.ceil((targetBytes - size()) / avg);
    const n = Math.max(1, Math.min(50 + Math.floor(rnd() * 250), left));
    const statuses = Array.from({ length: n }, () => {
      const r = rnd();
      return r < 0.05 ? "failed" : r < 0.08 ? "skipped" : "passed";
    });
    const failures = statuses.filter((x) => x === "failed").length;
    const skipped = statuses.filter((x) => x === "skipped").length;
    out(
      `<testsuite name="suite_${suite}" errors="0" failures="${failures}" skipped="${skipped}" tests="${n}" ` +
        `time="${(n * 0.7).toFixed(3)}" timestamp="2026-01-01T00:00:00.000000" hostname="bench">`,
    );
    if (suite === 0) out(`<properties><property name="project" value="bench"/></properties>`);
    for (let i = 0; i < n; i++) out(caseXml(suite, i, statuses[i]));
    out("</testsuite>");
    cases += n;
    suite++;
  }
  out(tail);
  flush();
  closeSync(fd);
  return { bytes: written, suites: suite, cases };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [path, mb] = process.argv.slice(2);
  if (!path || !mb) {
    console.error("usage: node bench/generate-report.mjs OUT.xml SIZE_MB");
    process.exit(2);
  }
  const t = performance.now();
  const r = generateReport(path, Number(mb) * MB);
  console.log(
    `${path}: ${r.bytes} bytes, ${r.suites} suites, ${r.cases} testcases, ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}
