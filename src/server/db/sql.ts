/**
 * The one way the server's code talks to its database, whichever it is: SQLite (node:sqlite, one file or :memory:,
 * the embedded default) or PostgreSQL (a pool of connections through node-postgres). Statements are written once,
 * with `?` placeholders (or `?1`, `?2` … for a value used twice), in the SQL both engines share; where they differ,
 * the caller asks `dialect` (see dialect.ts for the fragments). Every call is asynchronous: PostgreSQL answers over
 * a socket. A transaction is a function given its own Sql: everything it runs is committed together, or nothing.
 */
export type Value = string | number | bigint | null | Buffer | Uint8Array;
export type Row = Record<string, unknown>;

export type Dialect = "sqlite" | "postgres";

export interface Sql {
  readonly dialect: Dialect;
  /** Every row. */
  all<T = Row>(sql: string, args?: readonly Value[]): Promise<T[]>;
  /** Every row as an array of its columns (in the SELECT's order): cheaper where there are many. */
  arrays(sql: string, args?: readonly Value[]): Promise<unknown[][]>;
  /** The first row, or undefined. */
  get<T = Row>(sql: string, args?: readonly Value[]): Promise<T | undefined>;
  /** Runs a statement; the number of rows it changed. */
  run(sql: string, args?: readonly Value[]): Promise<number>;
  /** Runs statements without parameters (DDL), separated by semicolons. */
  exec(sql: string): Promise<void>;
  /**
   * Runs `work` in one transaction with the Sql it is given (never this one inside it): committed when it
   * resolves, rolled back when it throws. On PostgreSQL a transaction that lost a race (a serialization failure, a
   * deadlock, or a unique constraint another transaction filled meanwhile) is run again, up to 3 times, so `work`
   * must read what it decides on inside the transaction. Inside a transaction, `transaction` runs `work` at once.
   */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /** Closes the connection(s); the Sql cannot be used after. */
  close(): Promise<void>;
}

/** What a `--database` value names: a PostgreSQL URL, else a SQLite file (or `:memory:`). */
export function isPostgres(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}
