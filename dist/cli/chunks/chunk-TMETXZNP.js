import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);

// src/core/fs/drained.ts
async function drained(out) {
  if (out.errored) throw out.errored;
  if (!out.writableNeedDrain) return;
  if (out.destroyed) throw new Error("the output was closed before it took all the data");
  await new Promise((resolve, reject) => {
    const settle = (error) => {
      out.off("drain", ok);
      out.off("error", failed);
      out.off("close", closed);
      if (error) reject(error);
      else resolve();
    };
    const ok = () => settle();
    const failed = (e) => settle(e);
    const closed = () => settle(out.errored ?? new Error("the output was closed before it took all the data"));
    out.on("drain", ok);
    out.on("error", failed);
    out.on("close", closed);
  });
}

export {
  drained
};
