import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);

// src/core/errors.ts
function errnoCode(err) {
  const code = err?.code;
  return typeof code === "string" ? code : void 0;
}
function errorMessage(err) {
  const message = err?.message;
  return typeof message === "string" ? message : String(err);
}
function osReason(err) {
  const code = errnoCode(err);
  const message = errorMessage(err);
  if (code === void 0) return message;
  const description = new RegExp(`^${code}: ([^,]+)`).exec(message)?.[1];
  return `${description ?? message} (${code})`;
}

export {
  errnoCode,
  errorMessage,
  osReason
};
