import * as core from "@actions/core";
import { errorMessage } from "../core/errors.js";
import { main } from "../action/main.js";

try {
  await main();
} catch (e) {
  core.setFailed(`jux: ${errorMessage(e)}`);
}
