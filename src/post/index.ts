import { enableCompileCache } from "../core/compile-cache.js";

// First, so that the step's code, imported below, comes from what main compiled (the same job's RUNNER_TEMP).
enableCompileCache(process.env);
const [{ runStep }, { post }] = await Promise.all([import("../action/step.js"), import("../action/post.js")]);
await runStep(() => post());
