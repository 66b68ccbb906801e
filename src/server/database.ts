/**
 * Which database jux serve and its subcommands use: --database, else JUX_SERVE_DATABASE (a PostgreSQL URL with
 * its password stays out of the process list there), else (jux serve only) the default SQLite file.
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { isPostgres } from "./db/sql.js";

/** The SQLite file jux serve uses when it is given none: $XDG_DATA_HOME/jux/serve.sqlite. */
export function defaultDatabase(env: NodeJS.ProcessEnv): string {
  const data = env.XDG_DATA_HOME || join(env.HOME || homedir(), ".local", "share");
  return join(data, "jux", "serve.sqlite");
}

/** The database named by `given` (--database), else by JUX_SERVE_DATABASE; undefined when neither names one. */
export function namedDatabase(given: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return given ?? (env.JUX_SERVE_DATABASE || undefined);
}

/**
 * A PostgreSQL URL or `:memory:` as it is; a SQLite file (also written `sqlite:FILE`, as jux serve migrate takes
 * it) resolved against the working directory.
 */
export function located(database: string, cwd: string): string {
  if (isPostgres(database) || database === ":memory:") return database;
  return resolve(cwd, database.replace(/^sqlite:/i, ""));
}
