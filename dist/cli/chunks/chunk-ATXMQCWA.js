import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);

// src/core/transfer/lines.ts
async function* readLines(source, maxBytes) {
  let parts = [];
  let size = 0;
  let n = 0;
  const line = () => {
    n++;
    return size > maxBytes ? { n, tooLong: size } : { n, text: Buffer.concat(parts).toString("utf8") };
  };
  for await (const chunk of source) {
    for (let start = 0; ; ) {
      const newline = chunk.indexOf(10, start);
      const piece = chunk.subarray(start, newline === -1 ? chunk.length : newline);
      size += piece.length;
      if (size <= maxBytes) parts.push(piece);
      else parts = [];
      if (newline === -1) break;
      yield line();
      parts = [];
      size = 0;
      start = newline + 1;
    }
  }
  if (size > 0) yield line();
}

export {
  readLines
};
