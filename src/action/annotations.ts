import * as core from "@actions/core";

/** GitHub shows at most 10 errors and 10 warnings per step. */
export const STEP_CAP = 10;

interface Annotation {
  message: string;
  file?: string;
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

  add(message: string, file?: string): void {
    if (this.kept.length < this.budget) this.kept.push({ message, ...(file ? { file } : {}) });
    this.total++;
  }

  /** Emits what was collected; `what` names the rest in the closing line. */
  flush(what: string): void {
    const emit = this.level === "error" ? core.error : core.warning;
    const fits = this.total <= this.budget;
    const shown = fits ? this.kept : this.kept.slice(0, this.budget - 1);
    for (const a of shown) emit(a.message, a.file ? { file: a.file } : {});
    if (!fits) emit(`${this.total - shown.length} more ${what}: see the log and the job summary`);
    this.kept.length = 0;
    this.total = 0;
  }
}
