import * as core from "@actions/core";

/** GitHub shows at most 10 errors and 10 warnings per step. */
export const STEP_CAP = 10;

export class Annotations {
  private readonly shown: { message: string; file?: string }[] = [];
  private more = 0;

  /** `budget`: how many of this level the collector may emit (the cap less what the step emits besides). */
  constructor(
    private readonly level: "error" | "warning",
    private readonly budget = STEP_CAP,
  ) {}

  add(message: string, file?: string): void {
    if (this.shown.length < this.budget - 1) this.shown.push({ message, ...(file ? { file } : {}) });
    else this.more++;
  }

  /** Emits what was collected; `what` names the rest in the closing line. */
  flush(what: string): void {
    const emit = this.level === "error" ? core.error : core.warning;
    for (const a of this.shown) emit(a.message, a.file ? { file: a.file } : {});
    if (this.more > 0) emit(`${this.more} more ${what}: see the log and the job summary`);
    this.shown.length = 0;
    this.more = 0;
  }
}
