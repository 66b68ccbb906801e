// A throwaway PostgreSQL cluster for the tests and for trying `jux serve` on PostgreSQL: a real server, in a
// directory of its own, tuned for speed rather than durability (fsync off: everything in it is disposable).
// It listens on no TCP port at all: only on a unix socket in that directory (mode 0700), so only the user who
// started it (and root) can connect; it trusts whoever reaches the socket. Its URL names the socket directory,
// percent-encoded as the host: postgres://postgres@%2Ftmp%2Fjux-pg-AbC123:5432/postgres (node-postgres and libpq
// both read it; no password, so nothing secret is printed).
//
//   node scripts/postgres.mjs start [--owner PID] [DIR]   initdb + start; prints one line, the admin URL (how to
//                                                         stop: stderr); first reaps leftover clusters (below)
//   node scripts/postgres.mjs stop DIR|FILE               stops it at once and removes DIR (FILE: DIR/jux-cluster.json)
//   node scripts/postgres.mjs reap                        stops and removes leftover clusters (below)
//   node scripts/postgres.mjs version                     the server's version and where its programs are
//
// DIR must be absent or an empty directory of the caller's, closed to group and others, not a symlink (stop removes
// it whole); without DIR a temporary directory $TMPDIR/jux-pg-XXXXXX is made. initdb and postgres refuse to run as
// root: as root they run as the `postgres` OS user (Debian's package creates it), which then owns DIR.
// Leftovers: the state file DIR/jux-cluster.json records the cluster's owner, a process (startCluster: the caller;
// the CLI: --owner PID, else its session leader). A cluster in $TMPDIR/jux-pg-* whose owner is gone (a killed
// npm test) is stopped and removed by the next `start` or by `reap`; only clusters whose state file is the
// caller's, in a directory the caller (as root: root or postgres) owns.
import { spawnSync } from "node:child_process";
import {
  accessSync,
  chownSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
  appendFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

export const INSTALL = "apt-get install -y postgresql";
export const STATE_FILE = "jux-cluster.json";
const PROGRAMS = ["initdb", "pg_ctl", "postgres"];
/** What `start` names the temporary directories it makes; `reap` only looks at these. */
export const PREFIX = "jux-pg-";
// No TCP: the port only names the socket file (DIR/.s.PGSQL.5432), which is in a directory of its own per cluster.
const PORT = 5432;
// sockaddr_un.sun_path holds 108 bytes with the final NUL (Linux).
const SOCKET_PATH_MAX = 107;

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const hasPrograms = (dir) => PROGRAMS.every((name) => executable(join(dir, name)));

/** "15" < "16" < "9.6" must order as versions: numeric compare of the dotted parts. */
function compareVersions(a, b) {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/**
 * The directory holding initdb, pg_ctl and postgres: the one initdb on PATH resolves to (through symlinks, so
 * that pg_ctl finds its own postgres), else the newest /usr/lib/postgresql/<version>/bin; undefined if none.
 */
export function findPostgresBin(path = process.env.PATH ?? "", root = "/usr/lib/postgresql") {
  for (const dir of path.split(delimiter)) {
    if (dir === "" || !executable(join(dir, "initdb"))) continue;
    const real = dirname(realpathSync(join(dir, "initdb")));
    if (hasPrograms(real)) return real;
  }
  let versions = [];
  try {
    versions = readdirSync(root).filter((v) => /^\d+(\.\d+)*$/.test(v));
  } catch {
    return undefined;
  }
  versions.sort(compareVersions).reverse();
  for (const version of versions) {
    const bin = join(root, version, "bin");
    if (hasPrograms(bin)) return bin;
  }
  return undefined;
}

/** Why no cluster can be started here, with the fix; undefined when the programs are there. */
export function postgresMissing(bin) {
  if (bin) return undefined;
  return (
    "PostgreSQL's programs (initdb, pg_ctl, postgres) are not on PATH nor in /usr/lib/postgresql/*/bin: " +
    `install them with: ${INSTALL}`
  );
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;
const myUid = () => (typeof process.getuid === "function" ? process.getuid() : -1);
const RUNUSER = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].find(executable);

function postgresUser() {
  const result = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const uid = Number(result.stdout);
  const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout);
  if (result.status !== 0 || !Number.isInteger(uid) || !Number.isInteger(gid))
    throw new Error(
      "PostgreSQL refuses to run as root and there is no `postgres` OS user to run it as: " +
        `install Debian's package (${INSTALL}), which creates it, or run this script as a normal user`,
    );
  return { uid, gid };
}

/** Who may own a cluster's directory: the caller; as root also `postgres`, to whom start hands it over. */
function directoryOwners() {
  if (!isRoot()) return [myUid()];
  try {
    return [0, postgresUser().uid];
  } catch {
    return [0];
  }
}

/** Runs a PostgreSQL program: directly, or as the `postgres` user when we are root. Throws with its output. */
function run(bin, program, args, cwd) {
  let command = join(bin, program);
  let argv = args;
  if (isRoot()) {
    if (RUNUSER) {
      argv = ["-u", "postgres", "--", command, ...args];
      command = RUNUSER;
    } else {
      const quote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;
      argv = ["postgres", "-s", "/bin/sh", "-c", [command, ...args].map(quote).join(" ")];
      command = "/bin/su";
    }
  }
  // A clean environment: no PGPASSWORD, PGDATA or locale of the caller's leaks into the cluster.
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C", LANG: "C" };
  const result = spawnSync(command, argv, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.error) throw new Error(`${program}: could not run ${command}: ${result.error.message}`);
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

function lstatOrUndefined(path) {
  try {
    return lstatSync(path);
  } catch (error) {
    if (error.code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * A symlink on the way to DIR that someone else planted (e.g. /tmp/x -> /etc, for DIR /tmp/x/pg) would steer
 * where start creates, chowns and later removes: every symlink among DIR's parents must be the caller's or root's.
 */
function refuseForeignSymlinks(path) {
  const owners = [0, myUid()];
  const parts = path.split(sep).filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const prefix = sep + parts.slice(0, i).join(sep);
    const stat = lstatOrUndefined(prefix);
    if (stat === undefined) return;
    if (stat.isSymbolicLink() && !owners.includes(stat.uid))
      throw new Error(
        `${path}: ${prefix} is a symlink of another user's (uid ${stat.uid}), so the cluster could land where ` +
          "they chose: name a directory reached without it, or none for a temporary one",
      );
  }
}

/**
 * The directory is the caller's alone: a directory (not a symlink), its owner one of `owners`, mode 0700 or less.
 * `start` says how to give it such a directory; `stop` removes nothing that is not one (start never makes another).
 */
function checkPrivateDir(path, stat, owners, command) {
  const start = command === "start";
  const refuse = (problem, fix) =>
    new Error(
      `${path}: ${problem}; ${
        start ? fix : "so not a directory start made (nothing removed): name the DIR start printed"
      }`,
    );
  if (stat.isSymbolicLink())
    throw refuse("a symlink, which start does not follow", "name the directory it points to");
  if (!stat.isDirectory()) throw refuse("not a directory", "name a directory, or none for a temporary one");
  if (!owners.includes(stat.uid))
    throw refuse(
      `owned by uid ${stat.uid}, not by this user (uid ${myUid()})`,
      "name a directory of yours, or none for a temporary one",
    );
  if ((stat.mode & 0o077) !== 0)
    throw refuse(
      `open to group or others (mode ${(stat.mode & 0o777).toString(8)}), where the cluster's socket would be ` +
        "reachable by them",
      `chmod 700 ${path}, or name none for a temporary one`,
    );
}

/** The socket directory goes into postgresql.conf and into the URL: plain path characters only, short enough. */
function checkSocketDir(dir) {
  if (!/^[A-Za-z0-9._/+-]+$/.test(dir))
    throw new Error(
      `${dir}: the cluster's directory is also its socket directory, in postgresql.conf and in its URL: ` +
        "use a path of letters, digits and . _ + - / only, or none for a temporary one",
    );
  const socket = join(dir, `.s.PGSQL.${PORT}`);
  if (Buffer.byteLength(socket) > SOCKET_PATH_MAX)
    throw new Error(
      `${dir}: too long for a unix socket path (${socket} is over ${SOCKET_PATH_MAX} bytes): ` +
        "use a shorter path, e.g. under /tmp, or none for a temporary one",
    );
}

function prepareDir(wanted) {
  if (wanted === undefined) {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), PREFIX)));
    try {
      checkSocketDir(dir);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`${error.message} (the temporary directory comes from TMPDIR: set a shorter one)`);
    }
    return dir;
  }
  const path = resolve(wanted);
  refuseForeignSymlinks(path);
  let stat = lstatOrUndefined(path);
  // The directories made here (the first one made, and those under it) go again when DIR is refused.
  const made = stat === undefined ? mkdirSync(path, { recursive: true, mode: 0o700 }) : undefined;
  try {
    stat ??= lstatSync(path);
    checkPrivateDir(path, stat, [myUid()], "start");
    if (readdirSync(path).length > 0)
      throw new Error(
        `${path}: not empty; the cluster needs an absent or empty directory (stop removes it whole): ` +
          "name a new one, or none for a temporary one",
      );
    const dir = realpathSync(path);
    checkSocketDir(dir);
    return dir;
  } catch (error) {
    if (made !== undefined) rmSync(made, { recursive: true, force: true });
    throw error;
  }
}

/** As root the cluster's files belong to `postgres`, which must also be able to reach DIR through its parents. */
function handOver(dir) {
  if (!isRoot()) return;
  const { uid, gid } = postgresUser();
  chownSync(dir, uid, gid);
  if (!RUNUSER) return;
  const check = spawnSync(RUNUSER, ["-u", "postgres", "--", "test", "-w", dir]);
  if (check.status !== 0)
    throw new Error(
      `${dir}: the postgres OS user cannot write there (a parent directory is closed to it): ` +
        "use a directory under /tmp, or none for a temporary one",
    );
}

// Throwaway: speed over durability, enough connections for tests running several jux serve processes. No TCP.
const SETTINGS = {
  listen_addresses: "''",
  port: String(PORT),
  unix_socket_permissions: "0700",
  fsync: "off",
  synchronous_commit: "off",
  full_page_writes: "off",
  max_connections: "300",
  shared_buffers: "64MB",
  log_min_messages: "warning",
};

function configure(data, dir) {
  const lines = Object.entries({ ...SETTINGS, unix_socket_directories: `'${dir}'` }).map(
    ([k, v]) => `${k} = ${v}`,
  );
  appendFileSync(join(data, "postgresql.conf"), `\n# scripts/postgres.mjs\n${lines.join("\n")}\n`);
  // The socket only (in DIR, 0700: the caller's and root's alone); no `host` line, so no TCP client at all.
  writeFileSync(join(data, "pg_hba.conf"), "local all all trust\nlocal replication all trust\n");
}

/** The admin URL of the cluster whose socket is in `dir`: the directory percent-encoded as the host. */
export function socketUrl(dir, database = "postgres") {
  return `postgres://postgres@${encodeURIComponent(dir)}:${PORT}/${database}`;
}

/** The server's version line, e.g. "postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)". */
export function postgresVersion(bin) {
  if (!bin) throw new Error(postgresMissing(bin));
  const result = spawnSync(join(bin, "postgres"), ["--version"], { encoding: "utf8" });
  if (result.status !== 0)
    throw new Error(`${join(bin, "postgres")} --version failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** /proc/PID/stat's fields after the command name (field 3 on), or undefined (no such process, or no /proc). */
function procStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** A process as the state file records it: its pid and, on Linux, its start time (a reused pid is another one). */
export function processIdentity(pid) {
  return { pid, started: procStat(pid)?.[19] };
}

/** Whether the recorded owner still runs. Unknown owners count as alive: a cluster is never reaped on a guess. */
export function ownerAlive(owner) {
  if (!owner || !Number.isInteger(owner.pid) || owner.pid <= 0) return true;
  if (existsSync("/proc/self/stat")) {
    const stat = procStat(owner.pid);
    if (stat === undefined || stat[0] === "Z" || stat[0] === "X") return false;
    return owner.started === undefined || stat[19] === owner.started;
  }
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return error.code !== "ESRCH";
  }
}

/** The CLI's default owner: its session leader (the shell of the terminal or the CI job), else its parent. */
function sessionLeader() {
  const session = Number(procStat(process.pid)?.[3]);
  return Number.isInteger(session) && session > 1 && session !== process.pid ? session : process.ppid;
}

/**
 * Creates and starts a throwaway cluster in `dir` (absent or an empty private directory of the caller's; default:
 * a new temporary directory), after reaping leftover clusters (`reap: false` to skip it). Returns
 * { url, dir, bin, port, version, owner, reaped }; the state is also written to DIR/jux-cluster.json for
 * stopCluster and reapClusters. `owner` (default: this process) is the pid whose end makes the cluster a leftover.
 */
export async function startCluster({
  dir: wanted,
  bin = findPostgresBin(),
  owner = process.pid,
  reap = true,
} = {}) {
  if (!bin) throw new Error(postgresMissing(bin));
  const reaped = reap ? reapClusters() : [];
  const dir = prepareDir(wanted);
  try {
    handOver(dir);
    const state = {
      url: socketUrl(dir),
      dir,
      bin,
      port: PORT,
      version: postgresVersion(bin),
      owner: processIdentity(owner),
    };
    // Written first (a start killed half-way is still a leftover reap recognises); "wx": O_EXCL, never through
    // a link planted at that name.
    writeFileSync(join(dir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, { flag: "wx", mode: 0o600 });
    const data = join(dir, "data");
    const init = run(
      bin,
      "initdb",
      [
        "-D",
        data,
        "-U",
        "postgres",
        "--auth-local=trust",
        "--auth-host=reject",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
      ],
      dir,
    );
    if (!init.ok) throw new Error(`initdb failed in ${dir}: ${init.output}`);
    configure(data, dir);
    const logFile = join(dir, "postgres.log");
    const started = run(bin, "pg_ctl", ["start", "-w", "-t", "30", "-D", data, "-l", logFile], dir);
    if (!started.ok) {
      const log = existsSync(logFile) ? readFileSync(logFile, "utf8") : "";
      throw new Error(`PostgreSQL did not start in ${dir}: ${`${started.output}\n${log}`.trim()}`);
    }
    return { ...state, reaped };
  } catch (error) {
    stopDir(dir, bin);
    throw error;
  }
}

function stopDir(dir, bin) {
  const data = join(dir, "data");
  if (bin && existsSync(join(data, "postmaster.pid"))) {
    const result = run(bin, "pg_ctl", ["stop", "-w", "-t", "30", "-m", "immediate", "-D", data], dir);
    if (!result.ok && existsSync(join(data, "postmaster.pid")))
      throw new Error(`pg_ctl stop failed for ${data} (the directory is kept): ${result.output}`);
  }
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The cluster in `dir` (a real path), checked to be one this user started: the directory private and the caller's
 * (as root: root's or postgres'), its state file a regular file of the caller's naming this very directory.
 */
function clusterIn(dir) {
  checkPrivateDir(dir, lstatSync(dir), directoryOwners(), "stop");
  const file = join(dir, STATE_FILE);
  const stat = lstatOrUndefined(file);
  if (stat === undefined)
    throw new Error(
      `${dir}: no ${STATE_FILE} there, so not a cluster started by scripts/postgres.mjs (nothing removed): ` +
        "name the directory `start` used, or its state file",
    );
  if (!stat.isFile() || stat.uid !== myUid())
    throw new Error(
      `${file}: not a regular file of this user's (uid ${myUid()}), so not a state file start wrote ` +
        "(nothing removed): stop a cluster as the user who started it",
    );
  let state;
  try {
    state = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: not the JSON start writes (${error.message}); nothing removed`);
  }
  if (typeof state.dir !== "string" || state.dir !== dir)
    throw new Error(
      `${file}: names the directory ${JSON.stringify(state.dir)}, not ${dir} (moved or copied?); nothing ` +
        "removed: stop the cluster by the directory it was started in",
    );
  return { dir, bin: typeof state.bin === "string" ? state.bin : undefined, owner: state.owner };
}

/** Stops the cluster at once (pg_ctl stop -m immediate) and removes its directory. Synchronous: usable on exit. */
export function stopCluster(dirOrState) {
  const given = resolve(dirOrState);
  let real;
  try {
    real = realpathSync(given);
  } catch {
    throw new Error(
      `${dirOrState}: no such directory or file (nothing removed): name the directory \`start\` used, or its ` +
        `${STATE_FILE}`,
    );
  }
  const isState = basename(real) === STATE_FILE && !lstatSync(real).isDirectory();
  const { dir, bin } = clusterIn(isState ? dirname(real) : real);
  stopDir(dir, bin);
}

/**
 * Stops and removes the leftover clusters in `root` (default: the temporary directory): directories named
 * jux-pg-* (not symlinks) holding a cluster of this user's (clusterIn) whose recorded owner is gone. Returns the
 * directories removed; a cluster that cannot be removed is reported through `warn` and kept.
 */
export function reapClusters({ root = tmpdir(), warn = (line) => process.stderr.write(`${line}\n`) } = {}) {
  let names;
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const removed = [];
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    let cluster;
    try {
      const path = join(root, name);
      if (!lstatSync(path).isDirectory()) continue;
      cluster = clusterIn(realpathSync(path));
    } catch {
      continue; // not a cluster of ours: someone else's, or not a cluster at all
    }
    if (ownerAlive(cluster.owner)) continue;
    try {
      stopDir(cluster.dir, cluster.bin);
      removed.push(cluster.dir);
    } catch (error) {
      warn(
        `scripts/postgres.mjs: the leftover cluster in ${cluster.dir} (its owner, pid ${cluster.owner.pid}, ` +
          `is gone) could not be removed: ${error.message}`,
      );
    }
  }
  return removed;
}

const USAGE = "usage: node scripts/postgres.mjs start [--owner PID] [DIR] | stop DIR | reap | version";

function parseStart(args) {
  let owner;
  const rest = [...args];
  if (rest[0] === "--owner") {
    const pid = Number(rest[1]);
    if (!/^\d+$/.test(rest[1] ?? "") || pid <= 0 || !ownerAlive(processIdentity(pid)))
      throw new Error(`start --owner ${rest[1] ?? ""}: not the pid of a running process; ${USAGE}`);
    owner = pid;
    rest.splice(0, 2);
  }
  if (rest.length > 1 || rest[0]?.startsWith("-"))
    throw new Error(`start ${args.join(" ")}: unexpected arguments; ${USAGE}`);
  return { owner: owner ?? sessionLeader(), dir: rest[0] };
}

const reapedLine = (dirs) =>
  dirs.map((dir) => `removed the leftover PostgreSQL cluster in ${dir} (its owner is gone)\n`).join("");

async function main(args) {
  const [command, ...rest] = args;
  if (command === "start") {
    const { url, dir, owner, reaped } = await startCluster(parseStart(rest));
    process.stdout.write(`${url}\n`);
    // Standard output stays the URL alone (url="$(node scripts/postgres.mjs start)"); the rest goes aside.
    process.stderr.write(
      `${reapedLine(reaped)}PostgreSQL cluster in ${dir} (a leftover once pid ${owner.pid} ends); ` +
        `stop it with: node scripts/postgres.mjs stop ${dir}\n`,
    );
  } else if (command === "stop" && rest.length === 1) {
    stopCluster(rest[0]);
  } else if (command === "reap" && rest.length === 0) {
    process.stderr.write(reapedLine(reapClusters()));
  } else if (command === "version" && rest.length === 0) {
    const bin = findPostgresBin();
    process.stdout.write(`${postgresVersion(bin)} (${bin})\n`);
  } else {
    throw new Error(`${USAGE} (got: ${args.join(" ") || "nothing"})`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`scripts/postgres.mjs: ${error.message}\n`);
    process.exitCode = 1;
  });
}
