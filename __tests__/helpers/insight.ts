/** Reports for the per-test insight tests of jux serve: small JUnit documents with project, branch and CI keys. */
export interface CaseSpec {
  name: string;
  classname?: string;
  outcome?: "passed" | "failed" | "error" | "skipped";
  time?: number;
  file?: string;
  line?: number;
  message?: string;
  /** A Surefire flakyFailure before the pass (the test is flaky). */
  flaky?: boolean;
}

export interface ReportSpec {
  project: string;
  branch?: string;
  commit?: string;
  suite?: string;
  /** env:GITHUB_RUN_ID (with env:GITHUB_REPOSITORY owner/repo and attempt 1). */
  runId?: string;
  job?: string;
  /** The action's matrix leg (jux:leg). */
  leg?: string;
  /** Any other property; makes two otherwise equal reports different. */
  nonce?: string;
  cases: CaseSpec[];
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function testcase(c: CaseSpec): string {
  const attrs = [
    `name="${esc(c.name)}"`,
    `classname="${esc(c.classname ?? "pkg.Tests")}"`,
    `time="${c.time ?? 0.1}"`,
    ...(c.file ? [`file="${esc(c.file)}"`] : []),
    ...(c.line !== undefined ? [`line="${c.line}"`] : []),
  ].join(" ");
  const msg = esc(c.message ?? "boom");
  const body =
    c.outcome === "failed"
      ? `<failure message="${msg}" type="AssertionError">trace</failure>`
      : c.outcome === "error"
        ? `<error message="${msg}" type="RuntimeError">trace</error>`
        : c.outcome === "skipped"
          ? "<skipped/>"
          : c.flaky
            ? `<flakyFailure message="${msg}" type="AssertionError"/>`
            : "";
  return `<testcase ${attrs}>${body}</testcase>`;
}

export function report(spec: ReportSpec): Buffer {
  const props: [string, string | undefined][] = [
    ["project", spec.project],
    ["git:branch", spec.branch],
    ["git:commit", spec.commit],
    ["env:GITHUB_REPOSITORY", spec.runId ? "acme/app" : undefined],
    ["env:GITHUB_RUN_ID", spec.runId],
    ["env:GITHUB_RUN_ATTEMPT", spec.runId ? "1" : undefined],
    ["env:GITHUB_JOB", spec.job],
    ["jux:leg", spec.leg],
    ["nonce", spec.nonce],
  ];
  const properties = props
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([n, v]) => `<property name="${esc(n)}" value="${esc(v)}"/>`)
    .join("");
  const c = spec.cases;
  const count = (o: string) => c.filter((x) => x.outcome === o).length;
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="${esc(spec.suite ?? "suite")}" ` +
      `tests="${c.length}" failures="${count("failed")}" errors="${count("error")}" skipped="${count("skipped")}">` +
      `<properties>${properties}</properties>${c.map(testcase).join("")}</testsuite></testsuites>\n`,
  );
}
