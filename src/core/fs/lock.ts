import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import { link, open, readdir, readFile, rename, stat, unlink, utimes } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { errnoCode, osReason } from "../errors.js";
import { NO_HARD_LINKS } from "./atomic-file.js";

/** What a lock file holds: who took it, so that a lock left by a crashed process can be recognised. */
export interface LockInfo {
  pid: number;
  hostname: string;
  created: string;
  /** Unique per acquisition: tells two holders apart even when a pid is reused. */
  token: string;
}

export interface LockOptions {
  /** How long to wait for the lock before giving up; default 30 s. */
  timeoutMs?: number;
}

/** The lock file could not be read, created or taken over: `cannot <what> <path>: <reason>`. */
export class LockError extends Error {
  override name = "LockError";
  constructor(what: string, path: string, cause: unknown) {
    super(`cannot ${what} ${path}: ${osReason(cause).replace(/^cannot write \S+: /, "")}`, { cause });
  }
}

/** The lock stayed held by another process for longer than the caller would wait. */
export class LockBusyError extends Error {
  override name = "LockBusyError";
  readonly code = "LOCK_BUSY";
  constructor(
    readonly path: string,
    /** Who holds it: "process <pid> on <host> (since <time>)", or "another process". */
    readonly holder: string,
    readonly waitedSeconds: number,
  ) {
    super(
      `${path}: locked by ${holder}; gave up after ${waitedSeconds} s (remove the file if that process is gone)`,
    );
  }
}

/** A lock not refreshed for this long is taken over even when its holder may be alive (e.g. on another host). */
export const STALE_MS = 10 * 60_000;
/** How long a lock candidate may stay empty while its writer is alive (it writes its pid right after creating it). */
export const EMPTY_GRACE_MS = 1000;
const HEARTBEAT_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 30_000;

/** Locks this process holds, per async context: nested calls inside `withLock` do not wait for themselves. */
const held = new AsyncLocalStorage<ReadonlySet<string>>();
/** Tokens of the locks this process holds now (a lock file with our pid but another token is a dead predecessor's). */
const ownTokens = new Set<string>();
/** Same-process callers queue here instead of polling the lock file. */
const queues = new Map<string, Promise<unknown>>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) !== "ESRCH";
  }
}

function parseInfo(text: string): LockInfo | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid === "number" && typeof v.hostname === "string" && typeof v.token === "string")
      return { pid: v.pid, hostname: v.hostname, created: String(v.created ?? ""), token: v.token };
  } catch {
    // A lock file that is not ours (or not yet written, without hard links): judged by its age alone.
  }
  return undefined;
}

interface Holder {
  info: LockInfo | undefined;
  mtimeMs: number;
}

async function readHolder(path: string): Promise<Holder | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, "utf8"), stat(path)]);
    return { info: parseInfo(text), mtimeMs: info.mtimeMs };
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return undefined;
    throw new LockError("read the lock", path, e);
  }
}

/** Why the holder no longer holds the lock, or undefined while it may. */
function staleness(holder: Holder, now: number): string | undefined {
  const { info } = holder;
  if (info && info.hostname === hostname()) {
    if (info.pid === process.pid && !ownTokens.has(info.token))
      return `left by an earlier process ${info.pid}`;
    if (info.pid !== process.pid && !isAlive(info.pid)) return `process ${info.pid} is not running`;
  }
  if (now - holder.mtimeMs > STALE_MS)
    return `not refreshed for ${Math.round((now - holder.mtimeMs) / 1000)} s`;
  return undefined;
}

/**
 * Removes a stale lock without racing other processes doing the same: the lock is renamed aside (only one
 * rename of a given file succeeds) and the moved file's token compared with the stale one. If another process
 * already replaced the stale lock with a live one, that live lock was moved by mistake and is linked back.
 */
async function breakStale(path: string, stale: Holder): Promise<void> {
  const aside = `${path}.${randomBytes(6).toString("hex")}.stale`;
  try {
    await rename(path, aside);
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return;
    throw new LockError("take over the lock", path, e);
  }
  const moved = await readHolder(aside);
  const same =
    moved?.info?.token === stale.info?.token &&
    (stale.info !== undefined || moved?.mtimeMs === stale.mtimeMs);
  if (!same) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

/**
 * The candidate files beside the lock `path` (`<lock>.<24 hex>.tmp`): one per process taking or waiting for it
 * (acquire keeps its candidate while it waits), and those their killed writers left.
 */
export async function lockCandidates(path: string): Promise<string[]> {
  const prefix = `${basename(path)}.`;
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  return names
    .filter((name) => name.startsWith(prefix) && /^[0-9a-f]{24}\.tmp$/.test(name.slice(prefix.length)))
    .map((name) => join(dirname(path), name));
}

/**
 * The candidate files (`<lock>.<token>.tmp`, written before taking the lock) that a dead process left: its pid
 * is gone on this host, or the file was not touched for STALE_MS. A live waiter's candidate is never listed.
 */
export async function abandonedCandidates(path: string, now = Date.now()): Promise<string[]> {
  const abandoned: string[] = [];
  for (const candidate of await lockCandidates(path)) {
    const holder = await readHolder(candidate).catch(() => undefined);
    if (!holder) continue;
    const { info } = holder;
    // Empty (or unreadable): its writer was killed between creating it and writing its pid. A live writer
    // fills it at once, so one still empty after EMPTY_GRACE_MS is abandoned.
    if (!info) {
      if (now - holder.mtimeMs > EMPTY_GRACE_MS) abandoned.push(candidate);
      continue;
    }
    const dead = info.hostname === hostname() && info.pid !== process.pid && !isAlive(info.pid);
    if (dead || now - holder.mtimeMs > STALE_MS) abandoned.push(candidate);
  }
  return abandoned;
}

async function writeCandidate(path: string, info: LockInfo): Promise<string> {
  const temp = `${path}.${info.token}.tmp`;
  try {
    const handle = await open(temp, "wx", 0o600);
    try {
      await handle.writeFile(JSON.stringify(info));
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw new LockError("create the lock", path, e);
  }
  return temp;
}

/** true when the lock is now ours; false when someone holds it. The lock file appears complete (hard link). */
async function tryCreate(path: string, temp: string, info: LockInfo): Promise<boolean> {
  try {
    await link(temp, path);
    return true;
  } catch (e) {
    const code = errnoCode(e);
    if (code === "EEXIST") return false;
    if (!NO_HARD_LINKS.has(code ?? "")) throw new LockError("create the lock", path, e);
  }
  try {
    const handle = await open(path, "wx", 0o600);
    await handle.writeFile(JSON.stringify(info)).finally(() => handle.close());
    return true;
  } catch (e) {
    if (errnoCode(e) === "EEXIST") return false;
    throw new LockError("create the lock", path, e);
  }
}

function timeoutError(path: string, holder: Holder | undefined, waitedMs: number): LockBusyError {
  const who = holder?.info
    ? `process ${holder.info.pid} on ${holder.info.hostname} (since ${holder.info.created})`
    : "another process";
  return new LockBusyError(path, who, Math.round(waitedMs / 100) / 10);
}

async function acquire(path: string, timeoutMs: number): Promise<LockInfo> {
  const started = Date.now();
  const info: LockInfo = {
    pid: process.pid,
    hostname: hostname(),
    created: new Date().toISOString(),
    token: randomBytes(12).toString("hex"),
  };
  const temp = await writeCandidate(path, info);
  try {
    for (let attempt = 0; ; attempt++) {
      if (await tryCreate(path, temp, info)) return info;
      const holder = await readHolder(path);
      if (holder === undefined) continue;
      if (staleness(holder, Date.now()) !== undefined) {
        await breakStale(path, holder);
        continue;
      }
      const waited = Date.now() - started;
      if (waited >= timeoutMs) throw timeoutError(path, holder, waited);
      await sleep(Math.min(200, 5 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random()));
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function release(path: string, info: LockInfo): Promise<void> {
  const holder = await readHolder(path).catch(() => undefined);
  // Never remove a lock someone else took over (after ours was judged stale).
  if (holder?.info?.token === info.token) await unlink(path).catch(() => undefined);
}

async function holdWhile<T>(path: string, fn: () => Promise<T>, timeoutMs: number): Promise<T> {
  const info = await acquire(path, timeoutMs);
  ownTokens.add(info.token);
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const outer = held.getStore() ?? new Set<string>();
    return await held.run(new Set([...outer, path]), fn);
  } finally {
    clearInterval(heartbeat);
    ownTokens.delete(info.token);
    await release(path, info);
  }
}

/**
 * Runs `fn` holding the lock file `path` (O_EXCL create, holding {pid, hostname, created, token}). Re-entrant
 * within one async call chain. A lock whose holder died on this host, or that was not refreshed for
 * STALE_MS, is taken over. Waits at most `timeoutMs`, then throws a LockBusyError naming the holder.
 */
export async function withFileLock<T>(
  path: string,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  if (held.getStore()?.has(path)) return fn();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const queued = Date.now();
  const previous = queues.get(path) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(() => holdWhile(path, fn, Math.max(0, timeoutMs - (Date.now() - queued))));
  const tail = run.catch(() => undefined);
  queues.set(path, tail);
  try {
    return await run;
  } finally {
    if (queues.get(path) === tail) queues.delete(path);
  }
}
