import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);

// src/core/store/location.ts
import { posix, win32 } from "node:path";
function defaultStorageBase({ env, platform, homedir }) {
  if (platform === "win32") {
    const local = env.LOCALAPPDATA || win32.join(homedir, "AppData", "Local");
    return win32.join(local, "jux");
  }
  if (platform === "darwin") return posix.join(homedir, "Library", "Application Support", "jux");
  const xdg = env.XDG_DATA_HOME;
  if (xdg && posix.isAbsolute(xdg)) return posix.join(xdg, "jux");
  return posix.join(homedir, ".local", "share", "jux");
}
function resolveStorageBase(explicit, env, context) {
  if (explicit) return explicit;
  if (env.JUX_STORAGE_PATH) return env.JUX_STORAGE_PATH;
  return defaultStorageBase({ ...context, env });
}

// src/core/version.ts
var VERSION = "0.1.0";
var TOOL_NAME = "jux-action";

export {
  VERSION,
  TOOL_NAME,
  resolveStorageBase
};
