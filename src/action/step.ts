import * as core from "@actions/core";
import { errorMessage } from "../core/errors.js";

/** A step's boundary: an error it throws fails the step, with its message. */
export async function runStep(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    core.setFailed(`jux: ${errorMessage(e)}`);
  }
}
