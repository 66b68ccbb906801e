import { copyFile, mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as core from "@actions/core";
import { errorMessage } from "../core/errors.js";
import { loadSigningKey, withPassphraseHint, type SigningKey } from "../core/crypto/keys.js";
import { collectMetadata, LEG_PROPERTY } from "../core/junit/metadata.js";
import { loadReportFile } from "../core/publish/report-file.js";
import { signFile } from "../core/report/sign-file.js";
import { artifactBaseName, uploadFiles } from "./artifact.js";
import { findReports, type FoundReport, type FoundReports } from "./files.js";
import { reportsFromRun, type TakenReports } from "./fork/from-run.js";
import { tellOrigin } from "./fork/summary.js";
import { countsOf, type CountKey, type Property } from "../core/junit/summary.js";
import { keepsArtifact, publishes } from "../core/publish/storage-mode.js";
import { resolveAuth, type AuthKind } from "./auth.js";
import { readInputs, type ActionInputs } from "./inputs.js";
import { signedDir, STATE_MANIFEST, writeManifest, type Manifest, type ManifestReport } from "./manifest.js";
import { Annotations, STEP_CAP } from "./annotations.js";
import { ReportTests, type ReportTestRun } from "./insight/collect.js";
import {
  annotateTests,
  comment,
  failOnReason,
  logFailures,
  testInsight,
  type InsightContext,
  type InsightResult,
} from "./insight/step.js";
import { totalsText } from "./summary.js";
import { printable } from "./markdown.js";

/** The GitHub context upstream does not record, as env:* properties. */
const GITHUB_CONTEXT = [
  "GITHUB_REPOSITORY",
  "GITHUB_REF_NAME",
  "GITHUB_RUN_ID",
  "GITHUB_RUN_ATTEMPT",
  "GITHUB_JOB",
  "GITHUB_SERVER_URL",
];

function githubProperties(env: NodeJS.ProcessEnv): Property[] {
  return GITHUB_CONTEXT.filter((n) => env[n]).map((n) => ({ name: `env:${n}`, value: env[n]! }));
}

/**
 * The properties this job asserts over a report's own: what the job knows of its run (git:*, ci:*, env:GITHUB_*,
 * jux:leg), not the project or the properties input. A report (written by the code under test, a pull request's
 * included) cannot claim another branch, commit, run or job for itself: jux serve files runs, and picks the
 * baseline, by them.
 */
function runIdentity(properties: Property[], inputs: ActionInputs): ReadonlySet<string> {
  const chosen = new Set(["project", ...inputs.properties.map((p) => p.name)]);
  return new Set(properties.map((p) => p.name).filter((name) => !chosen.has(name)));
}

const NO_KEY =
  "no signing_key was given (as in a pull request from a fork, where secrets are not available): " +
  "the reports are kept unsigned in the workflow artifact and nothing is published (a workflow_run workflow can sign them with from_run: see docs/forks.md)";

function signingKeyOf(inputs: ActionInputs): SigningKey | undefined {
  if (!inputs.signingKey) return undefined;
  try {
    return loadSigningKey({
      key: inputs.signingKey.pem,
      source: inputs.signingKey.source,
      ...(inputs.signingKeyPassphrase ? { passphrase: inputs.signingKeyPassphrase } : {}),
      ...(inputs.signingCert
        ? { certificate: inputs.signingCert.pem, certificateSource: inputs.signingCert.source }
        : {}),
    });
  } catch (e) {
    throw withPassphraseHint(e, "set the signing_key_passphrase input (from a secret)");
  }
}

/** What every report of the job is signed with: the key, the properties, which of them the job asserts. */
interface Signing {
  key: SigningKey | undefined;
  properties: Property[];
  asserted: ReadonlySet<string>;
  c14n: ActionInputs["c14n"];
}

async function prepare(
  file: FoundReport,
  copy: string,
  { key, properties, asserted, c14n }: Signing,
  tests: ReportTests,
): Promise<ManifestReport> {
  if (key) {
    // One pass: signed, counted, hashed (canonical form and bytes) and its tests read; the copy is the run's own,
    // in RUNNER_TEMP, so it is not fsynced (it need not outlive the machine).
    const r = await signFile({
      input: file.path,
      output: copy,
      source: file.name,
      key,
      properties,
      asserted,
      c14n,
      also: tests,
      durable: false,
    });
    const sha256 = r.sha256;
    return { name: file.name, copy, hash: r.canonicalHash, sha256, signed: true, ...countsOf(r.summary) };
  }
  const loaded = await loadReportFile(file.path, file.name, undefined, tests);
  await mkdir(dirname(copy), { recursive: true, mode: 0o700 });
  await copyFile(file.path, copy);
  return { name: file.name, copy, hash: loaded.hash, signed: loaded.signed, ...countsOf(loaded.summary) };
}

function noFiles(inputs: ActionInputs, taken: TakenReports | undefined): void {
  const message = taken
    ? `No .xml files were found in the artifacts of run ${taken.run.id} named by from_artifact (${inputs.fromRun?.artifacts.join(", ")}). No reports will be signed or published.`
    : `No files were found with the provided path: ${inputs.reportPaths.join(", ")}. No reports will be signed or published.`;
  if (inputs.ifNoFilesFound === "error") core.setFailed(message);
  else if (inputs.ifNoFilesFound === "warn") core.warning(message);
  else core.info(message);
}

function sumOf(m: Manifest, k: CountKey): number {
  return m.reports.reduce((n, r) => n + r[k], 0);
}

function setOutputs(
  m: Manifest,
  queued: number,
  tests: InsightResult | undefined,
  auth: AuthKind | undefined,
): void {
  const sum = (k: CountKey) => sumOf(m, k);
  core.setOutput("reports", m.reports.length + m.failed.length);
  core.setOutput("signed", m.reports.filter((r) => r.signed && !m.unsignedReason).length);
  for (const k of ["tests", "passed", "failures", "errors", "skipped"] as const) core.setOutput(k, sum(k));
  core.setOutput(
    "canonical_hashes",
    JSON.stringify(Object.fromEntries(m.reports.map((r) => [r.name, r.hash]))),
  );
  core.setOutput("signed_dir", signedDir(m));
  core.setOutput("artifact_id", m.artifact?.id ?? "");
  core.setOutput("artifact_url", m.artifact?.url ?? "");
  core.setOutput("queued", queued);
  core.setOutput("auth", auth ?? "");
  const none = { flaky: "0", new_failures: "0", fixed: "0", failed_tests: "[]", baseline: "" };
  for (const [name, value] of Object.entries(tests?.outputs ?? none)) core.setOutput(name, value);
}

/** Keeps the copies as the job's artifact; returns why the step must fail, if it must. */
async function keepAsArtifact(
  manifest: Manifest,
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  signing: boolean,
): Promise<string | undefined> {
  const copies = manifest.reports.map((r) => r.copy);
  if (copies.length === 0 || (!keepsArtifact(inputs.storageMode) && signing)) return undefined;
  const name = artifactBaseName(inputs.artifactName, env);
  const upload = await uploadFiles(name, copies, signedDir(manifest), env, inputs.retentionDays);
  if (upload.ok) {
    manifest.artifact = upload.artifact;
    core.info(
      `jux: kept ${copies.length} report(s) as artifact ${upload.artifact.name} (${upload.artifact.url})`,
    );
    return undefined;
  }
  manifest.artifactProblem = upload.reason;
  const message = `the signed reports could not be kept as a workflow artifact: ${upload.reason}`;
  if (inputs.storageMode !== "cache" || !signing) return message;
  core.warning(`${message}; they stay in the offline queue`);
  return undefined;
}

/**
 * Reads (and signs) each report into the manifest, its tests in the same pass; an error annotation per report that
 * cannot be. Returns the reports' tests and how many errors the step may still annotate.
 */
async function signAll(
  files: FoundReport[],
  manifest: Manifest,
  key: SigningKey | undefined,
  properties: Property[],
  inputs: ActionInputs,
  taken?: TakenReports,
): Promise<{ runs: ReportTestRun[]; errorsLeft: number }> {
  // One error is left for the step's own failure line.
  const errors = new Annotations("error", STEP_CAP - 1);
  for (const r of taken?.refused ?? [])
    errors.add(printable(r.reason.startsWith(r.name) ? r.reason : `${r.name}: ${r.reason}`));
  const runs: ReportTestRun[] = [];
  // Another run's origin (jux:origin, ci:pull_request) is asserted even over a properties input of the same name.
  const asserted = new Set([
    ...runIdentity(properties, inputs),
    ...(taken?.properties ?? []).map((p) => p.name),
  ]);
  const signing = { key, properties, asserted, c14n: inputs.c14n };
  for (const file of files) {
    const tests = new ReportTests(file.name);
    try {
      manifest.reports.push(await prepare(file, join(signedDir(manifest), file.name), signing, tests));
      runs.push(tests.result());
    } catch (e) {
      const reason = errorMessage(e);
      manifest.failed.push({ name: file.name, reason });
      errors.add(reason.startsWith(file.name) ? reason : `${file.name}: ${reason}`, file.name);
    }
  }
  return { runs, errorsLeft: STEP_CAP - 1 - errors.flush("report(s) could not be read or signed") };
}

/** The reports: the workspace's (report_paths), or with from_run another run's, taken from its artifacts. */
async function gather(
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  workspace: string,
  root: string,
): Promise<{ found: FoundReports; taken?: TakenReports }> {
  if (inputs.fromRun === undefined) return { found: await findReports(inputs.reportPaths, workspace) };
  const taken = await reportsFromRun(env, {
    runId: inputs.fromRun.id,
    patterns: inputs.fromRun.artifacts,
    token: inputs.githubToken,
    tempRoot: root,
  });
  await tellOrigin(taken, env.GITHUB_REPOSITORY ?? "", inputs.summary);
  return { found: { files: taken.files, skipped: [] }, taken };
}

/**
 * The metadata every report is signed with. Another run's reports carry that run's identity (its environment as
 * GitHub described it) and no git facts of this workspace (the trusted checkout is not the code that made them).
 */
function metadataOf(
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  workspace: string,
  taken: TakenReports | undefined,
): Property[] {
  const runEnv = taken?.env ?? env;
  return collectMetadata({
    env: runEnv,
    cwd: workspace,
    ...(taken ? { git: {} } : {}),
    ...(inputs.projectName ? { project: inputs.projectName } : {}),
    redact: inputs.redact,
    extra: [
      ...githubProperties(runEnv),
      ...(inputs.leg ? [{ name: LEG_PROPERTY, value: inputs.leg }] : []),
      ...inputs.properties,
      ...(taken?.properties ?? []),
    ],
  });
}

/**
 * The main step: find, read (each report's tests in the same pass) and sign into a run-private directory, compare
 * the tests with the baseline and annotate, keep as an artifact, hand over to post, comment, apply fail_on.
 */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const inputs = readInputs(workspace);
  const root = join(env.RUNNER_TEMP ?? tmpdir(), "jux-action");
  await mkdir(root, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(root, `${env.GITHUB_JOB ?? "job"}-`));
  const key = signingKeyOf(inputs);
  // Checked before anything is signed when the job publishes (auth: oidc without id-token: write, ...); a job that
  // publishes nothing (local mode, a fork without the signing key) needs no credentials.
  const auth = key && publishes(inputs.storageMode) && inputs.apiUrl ? resolveAuth(inputs, env) : undefined;
  const manifest: Manifest = {
    dir,
    mode: inputs.storageMode,
    reports: [],
    failed: [],
    ...(key ? {} : { unsignedReason: NO_KEY }),
    ...(inputs.signingCert ? { certificatePem: inputs.signingCert.pem } : {}),
  };
  const { found, taken } = await gather(inputs, env, workspace, root);
  // One warning is left for the no-files or artifact warning.
  const warnings = new Annotations("warning", STEP_CAP - 1);
  for (const s of found.skipped) warnings.add(`${s.name}: ${s.reason}`, s.name);
  warnings.flush("files were skipped");
  if (found.files.length === 0) noFiles(inputs, taken);
  if (!key && found.files.length > 0) core.notice(`jux: ${NO_KEY}.`);

  const properties = metadataOf(inputs, env, workspace, taken);
  const { runs, errorsLeft } = await signAll(found.files, manifest, key, properties, inputs, taken).finally(
    () => taken?.dispose(),
  );
  const project = properties.find((p) => p.name === "project")?.value ?? "";

  const problems: string[] = [];
  const refused = taken?.refused.length ?? 0;
  if (refused > 0)
    problems.push(`${refused} artifact(s) of run ${taken!.run.id} refused (see the errors above)`);
  if (manifest.failed.length > 0)
    problems.push(
      `${manifest.failed.length} of ${found.files.length} report(s) could not be read or signed (see the errors above); the others were processed`,
    );
  // The reports are kept and handed over to post BEFORE the baseline is asked for: a hostile, huge or slow baseline
  // answer (or anything else in the comparison) cannot cost them. The manifest is written again with the insight.
  const artifactProblem = await keepAsArtifact(manifest, inputs, env, key !== undefined);
  if (artifactProblem) problems.push(artifactProblem);
  const queued = key && publishes(inputs.storageMode) ? manifest.reports.length : 0;
  core.saveState(STATE_MANIFEST, await writeManifest(manifest));

  const tests =
    runs.length > 0
      ? await insightOrWarning(
          { env, inputs, project, workspace, runs, keepBaseline: taken === undefined },
          manifest,
        )
      : undefined;
  if (tests) {
    logFailures(tests);
    if (inputs.annotate) annotateTests(tests, errorsLeft);
  }
  setOutputs(manifest, queued, tests, auth?.kind);
  if (tests && inputs.comment)
    await comment(tests.insight, env, inputs.githubToken, totalsOf(manifest, tests), inputs.leg);
  // fail_on last: the reports are signed and stored and the manifest is written whatever it says.
  const failOn = tests ? failOnReason(inputs.failOn, tests) : undefined;
  if (failOn) problems.push(failOn);
  if (problems.length > 0) core.setFailed(problems.join("; "));
}

/**
 * The test insight, written into the manifest for post's summary; any failure in it is a warning, never the step's
 * end: the reports are already kept and handed over, and the outputs are set without the comparison.
 */
export async function insightOrWarning(
  c: InsightContext,
  manifest: Manifest,
  compare: (c: InsightContext) => Promise<InsightResult> = testInsight,
): Promise<InsightResult | undefined> {
  let tests: InsightResult;
  try {
    tests = await compare(c);
  } catch (e) {
    core.warning(
      `jux: the tests could not be compared: ${errorMessage(e)}; the reports are kept and handed over all the same, without the test insight`,
    );
    return undefined;
  }
  manifest.insight = tests.insight;
  try {
    await writeManifest(manifest);
  } catch (e) {
    delete manifest.insight;
    core.warning(
      `jux: the job summary will not show the tests: the manifest could not be rewritten (${errorMessage(e)})`,
    );
  }
  return tests;
}

function totalsOf(m: Manifest, tests: InsightResult): string {
  const c = {
    tests: sumOf(m, "tests"),
    failures: sumOf(m, "failures"),
    errors: sumOf(m, "errors"),
    skipped: sumOf(m, "skipped"),
  };
  return totalsText(c, tests.insight.flaky);
}
