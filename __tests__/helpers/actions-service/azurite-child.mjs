// Azurite's blob service, tied to its parent: when the parent's end of stdin closes (the test process exited,
// even by SIGKILL), this exits too, so no emulator outlives its tests. Arguments as for azurite-blob.
import { createRequire } from "node:module";

process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
createRequire(import.meta.url)("azurite/dist/src/blob/main.js");
