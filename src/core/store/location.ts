import { posix, win32 } from "node:path";

export interface LocationContext {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  homedir: string;
}

/** Where upstream pytest-jux keeps its reports, so both tools share one store. */
export function defaultStorageBase({ env, platform, homedir }: LocationContext): string {
  if (platform === "win32") {
    const local = env.LOCALAPPDATA || win32.join(homedir, "AppData", "Local");
    return win32.join(local, "jux");
  }
  if (platform === "darwin") return posix.join(homedir, "Library", "Application Support", "jux");
  const xdg = env.XDG_DATA_HOME;
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  if (xdg && posix.isAbsolute(xdg)) return posix.join(xdg, "jux");
  return posix.join(homedir, ".local", "share", "jux");
}

/** The store's base directory: the explicit one (--storage-path or config), else JUX_STORAGE_PATH, else the default. */
export function resolveStorageBase(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv,
  context: Omit<LocationContext, "env">,
): string {
  if (explicit) return explicit;
  if (env.JUX_STORAGE_PATH) return env.JUX_STORAGE_PATH;
  return defaultStorageBase({ ...context, env });
}
