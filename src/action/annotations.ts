import * as core from "@actions/core";

/** GitHub shows at most 10 errors and 10 warnings per step. */
export const STEP_CAP = 10;
/** And at most 50 annotations per job. */
export const JOB_CAP = 50;

/** Where an annotation points: a file relative to the workspace, a line, and a title. */
export interface AnnotationPlace {
  file?: string;
  line?: number;
  title?: string;
}

interface Annotation {
  message: string;
  place: AnnotationPlace;
}

/** Collects annotations of one level and emits them within a budget: past it, one line counts the rest. */
export class Annotations {
  private readonly kept: Annotation[] = [];
  private total = 0;

  /** `budget`: how many of this level the collector may emit (the cap less what the step emits besides). */
  constructor(
    private readonly level: "error" | "warning",
    private readonly budget = STEP_CAP,
  ) {}

  /** `where`: a file name, or a file, line and title. */
  add(message: string, where?: string | AnnotationPlace): void {
    const place = typeof where === "string" ? { file: where } : (where ?? {});
    if (this.kept.length < this.budget) this.kept.push({ message, place });
    this.total++;
  }

  /** Emits what was collected; `what` names the rest in the closing line. Returns how many lines it emitted. */
  flush(what: string): number {
    const emit = this.level === "error" ? core.error : core.warning;
    if (this.budget <= 0) {
      this.kept.length = this.total = 0;
      return 0;
    }
    const fits = this.total <= this.budget;
    const shown = fits ? this.kept : this.kept.slice(0, this.budget - 1);
    for (const a of shown) emit(a.message, propertiesOf(a.place));
    if (!fits) emit(`${this.total - shown.length} more ${what}: see the log and the job summary`);
    const emitted = fits ? shown.length : shown.length + 1;
    this.kept.length = 0;
    this.total = 0;
    return emitted;
  }
}

function propertiesOf(p: AnnotationPlace): core.AnnotationProperties {
  return {
    ...(p.file !== undefined ? { file: p.file } : {}),
    ...(p.file !== undefined && p.line !== undefined ? { startLine: p.line } : {}),
    ...(p.title !== undefined ? { title: p.title } : {}),
  };
}
