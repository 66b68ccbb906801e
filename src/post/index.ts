import * as core from "@actions/core";
import { errorMessage } from "../core/errors.js";
import { post } from "../action/post.js";

try {
  await post();
} catch (e) {
  core.setFailed(`jux: ${errorMessage(e)}`);
}
