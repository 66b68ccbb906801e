import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);

// src/cli/progress.ts
function progressOn(io, verb) {
  if (!io.stderr.isTTY) return void 0;
  return (done, total) => {
    io.stderr.write(`\r${verb} ${done}/${total}`);
    if (done === total) io.stderr.write("\n");
  };
}

export {
  progressOn
};
