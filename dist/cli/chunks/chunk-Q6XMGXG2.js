import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);

// src/core/publish/bearer.ts
function looksLikeJwt(value) {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
}
function jwtClaims(token) {
  const payload = token.split(".")[1];
  if (payload === void 0) return void 0;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return claims !== null && typeof claims === "object" ? claims : void 0;
  } catch {
    return void 0;
  }
}

export {
  looksLikeJwt,
  jwtClaims
};
