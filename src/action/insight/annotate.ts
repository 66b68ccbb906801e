/** One error annotation per failing test, with its file (relative to the workspace), line and title. */
import type { TestResult } from "../../core/junit/tests.js";
import type { AnnotationPlace } from "../annotations.js";
import { Annotations } from "../annotations.js";
import { printable } from "../markdown.js";
import { failureText } from "./collect.js";
import { workspacePath, type WorkspaceFiles } from "./workspace-paths.js";

/** UTF-8-ish bound of an annotation's title and message (GitHub shows a few lines; the summary has the rest). */
const MAX_TITLE = 200;
const MAX_MESSAGE = 1000;

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export interface TestAnnotation {
  message: string;
  place: AnnotationPlace;
}

/**
 * A failing test's annotation: title its name, message its suite and class, failure type and first line (and
 * where the report said it was, when that file cannot be linked), file and line when the file is in the workspace.
 */
export function testAnnotation(t: TestResult, isNew: boolean, files: WorkspaceFiles): TestAnnotation {
  const file = t.file === undefined ? undefined : workspacePath(t.file, files, t.classname);
  const what = t.outcome === "error" ? "error" : "failed";
  const failure = failureText(t.failure);
  const lines = [
    `${isNew ? "NEW failure" : what === "error" ? "Error" : "Failed"}: ${t.classname ? `${t.classname} › ` : ""}${t.name} (suite ${t.suite})`,
    ...(failure ? [failure] : []),
    ...(t.file !== undefined && file === undefined
      ? [`at ${t.file}${t.line !== undefined ? `:${t.line}` : ""} (not in the workspace)`]
      : []),
  ];
  const place: AnnotationPlace = { title: cut(printable(t.name || "(unnamed test)"), MAX_TITLE) };
  if (file !== undefined) {
    place.file = file;
    if (t.line !== undefined) place.line = t.line;
  }
  return { message: cut(lines.map(printable).join("\n"), MAX_MESSAGE), place };
}

/**
 * Emits the failing tests' annotations in `ordered` order (new failures first, then by file) within `budget`
 * (what the step has left of GitHub's per-step cap); past it one line counts the rest. Returns how many it emitted.
 */
export function annotateFailures(
  ordered: readonly TestResult[],
  isNew: (t: TestResult) => boolean,
  files: WorkspaceFiles,
  budget: number,
): number {
  const errors = new Annotations("error", budget);
  // Only the ones shown are located: a bare name's lookup reads the workspace once, and only when needed.
  ordered.forEach((t, i) => {
    if (i < budget) {
      const a = testAnnotation(t, isNew(t), files);
      errors.add(a.message, a.place);
    } else errors.add("");
  });
  return errors.flush("failing test(s)");
}
