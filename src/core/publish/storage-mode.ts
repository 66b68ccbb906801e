/** Where reports go: the one list of storage modes (configuration, the action's input, `jux publish --mode`). */
export const STORAGE_MODES = ["local", "api", "both", "cache"] as const;

export type StorageMode = (typeof STORAGE_MODES)[number];

/** Whether the mode sends reports to the server. */
export function publishes(mode: StorageMode): boolean {
  return mode !== "local";
}

/** Whether the mode keeps the signed reports (the action: as a workflow artifact; jux: in the local store). */
export function keepsArtifact(mode: StorageMode): boolean {
  return mode !== "api";
}
