export const INSTALL: string;
export const STATE_FILE: string;
export const PREFIX: string;
export interface Owner {
  pid: number;
  /** /proc/PID/stat's start time (Linux), so that a reused pid is not taken for the owner. */
  started?: string;
}
export interface Cluster {
  url: string;
  dir: string;
  bin: string;
  port: number;
  version: string;
  owner: Owner;
  /** Leftover clusters start removed first. */
  reaped: string[];
}
export function findPostgresBin(path?: string, root?: string): string | undefined;
export function postgresMissing(bin: string | undefined): string | undefined;
export function postgresVersion(bin: string | undefined): string;
export function socketUrl(dir: string, database?: string): string;
export function processIdentity(pid: number): Owner;
export function ownerAlive(owner: Owner | undefined): boolean;
export function startCluster(options?: {
  dir?: string;
  bin?: string;
  owner?: number;
  reap?: boolean;
}): Promise<Cluster>;
export function stopCluster(dirOrState: string): void;
export function reapClusters(options?: { root?: string; warn?: (line: string) => void }): string[];
