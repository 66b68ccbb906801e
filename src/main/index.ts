import { enableCompileCache } from "../core/compile-cache.js";

// First, so that the step's code, imported below, is compiled once per job: post reuses what main compiled.
enableCompileCache(process.env);
const [{ runStep }, { main }] = await Promise.all([import("../action/step.js"), import("../action/main.js")]);
await runStep(() => main());
