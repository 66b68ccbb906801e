// A throwaway PostgreSQL cluster for the tests and for trying `jux serve` on PostgreSQL: a real server, in a
// directory of its own, listening on 127.0.0.1 only (trust auth: loopback and its own socket only), tuned for
// speed rather than durability (fsync off: everything in it is disposable).
//
//   node scripts/postgres.mjs start [DIR]    initdb + start; prints one line, the admin URL (how to stop: stderr)
//   node scripts/postgres.mjs stop DIR|FILE  stops it at once and removes DIR (FILE: DIR/jux-cluster.json)
//   node scripts/postgres.mjs version        the server's version and where its programs are
//
// DIR must be absent or empty (stop removes it whole); without DIR a temporary directory is made. initdb and
// postgres refuse to run as root: as root they run as the `postgres` OS user (Debian's package creates it).
import { spawnSync } from "node:child_process";
import {
  accessSync,
  chownSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
  appendFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const INSTALL = "apt-get install -y postgresql";
export const STATE_FILE = "jux-cluster.json";
const PROGRAMS = ["initdb", "pg_ctl", "postgres"];
const START_ATTEMPTS = 5;

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

/** A port free on 127.0.0.1 right now (the kernel's pick for port 0, released at once). */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function prepareDir(dir) {
  if (dir === undefined) return mkdtempSync(join(tmpdir(), "jux-pg-"));
  const path = resolve(dir);
  if (existsSync(path) && readdirSync(path).length > 0)
    throw new Error(
      `${path}: not empty; the cluster needs an absent or empty directory (stop removes it whole): ` +
        "name a new one, or none for a temporary one",
    );
  mkdirSync(path, { recursive: true, mode: 0o700 });
  return path;
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

// Throwaway: speed over durability, enough connections for tests running several jux serve processes.
const SETTINGS = {
  listen_addresses: "'127.0.0.1'",
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
  // Trust on the cluster's own socket and on loopback only; nothing else is accepted.
  writeFileSync(
    join(data, "pg_hba.conf"),
    "local all all trust\nhost all all 127.0.0.1/32 trust\nlocal replication all trust\n",
  );
}

/** pg_ctl start on a free port; another process may take the port between the pick and the bind: try again. */
async function startOnFreePort(bin, data, dir, pickPort) {
  const logFile = join(dir, "postgres.log");
  let last = "";
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const port = await pickPort();
    rmSync(logFile, { force: true }); // a failed attempt's log must not be read as this one's
    const result = run(
      bin,
      "pg_ctl",
      ["start", "-w", "-t", "30", "-D", data, "-l", logFile, "-o", `-p ${port}`],
      dir,
    );
    if (result.ok) return port;
    const log = existsSync(logFile) ? readFileSync(logFile, "utf8") : "";
    last = `${result.output}\n${log}`.trim();
    if (!/could not bind|already in use|could not create any TCP\/IP sockets/i.test(last)) break;
  }
  throw new Error(`PostgreSQL did not start in ${dir}: ${last}`);
}

/** The server's version line, e.g. "postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)". */
export function postgresVersion(bin) {
  if (!bin) throw new Error(postgresMissing(bin));
  const result = spawnSync(join(bin, "postgres"), ["--version"], { encoding: "utf8" });
  if (result.status !== 0)
    throw new Error(`${join(bin, "postgres")} --version failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/**
 * Creates and starts a throwaway cluster in `dir` (absent or empty; default: a new temporary directory).
 * Returns { url, dir, bin, port, version }; the state is also written to DIR/jux-cluster.json for stopCluster.
 * `pickPort` (default: a port free now) is asked again when the port was taken before PostgreSQL could bind it.
 */
export async function startCluster({ dir: wanted, bin = findPostgresBin(), pickPort = freePort } = {}) {
  if (!bin) throw new Error(postgresMissing(bin));
  const dir = prepareDir(wanted);
  try {
    handOver(dir);
    const data = join(dir, "data");
    const init = run(
      bin,
      "initdb",
      ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
      dir,
    );
    if (!init.ok) throw new Error(`initdb failed in ${dir}: ${init.output}`);
    configure(data, dir);
    const port = await startOnFreePort(bin, data, dir, pickPort);
    const state = {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      dir,
      bin,
      port,
      version: postgresVersion(bin),
    };
    writeFileSync(join(dir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
    return state;
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

function readState(dirOrState) {
  const path = resolve(dirOrState);
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, STATE_FILE) : path;
  if (basename(file) !== STATE_FILE || !existsSync(file))
    throw new Error(
      `${dirOrState}: no ${STATE_FILE} there, so not a cluster started by scripts/postgres.mjs (nothing removed): ` +
        "name the directory `start` used, or its state file",
    );
  const state = JSON.parse(readFileSync(file, "utf8"));
  return { dir: dirname(file), bin: state.bin };
}

/** Stops the cluster at once (pg_ctl stop -m immediate) and removes its directory. Synchronous: usable on exit. */
export function stopCluster(dirOrState) {
  const { dir, bin } = readState(dirOrState);
  stopDir(dir, bin);
}

async function main(args) {
  const [command, target, ...rest] = args;
  if (command === "start" && rest.length === 0) {
    const { url, dir } = await startCluster({ dir: target });
    process.stdout.write(`${url}\n`);
    // Standard output stays the URL alone (url="$(node scripts/postgres.mjs start)"); how to stop it goes aside.
    process.stderr.write(
      `PostgreSQL cluster in ${dir}; stop it with: node scripts/postgres.mjs stop ${dir}\n`,
    );
  } else if (command === "stop" && target !== undefined && rest.length === 0) {
    stopCluster(target);
  } else if (command === "version" && target === undefined) {
    const bin = findPostgresBin();
    process.stdout.write(`${postgresVersion(bin)} (${bin})\n`);
  } else {
    throw new Error(
      `usage: node scripts/postgres.mjs start [DIR] | stop DIR | version (got: ${args.join(" ") || "nothing"})`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`scripts/postgres.mjs: ${error.message}\n`);
    process.exitCode = 1;
  });
}
