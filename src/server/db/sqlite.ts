/**
 * The Sql of a SQLite database (node:sqlite, built into Node.js 22.5+): one connection. Its calls are synchronous
 * under the promises, so a transaction whose work awaits could let another caller's statement run inside it: every
 * call waits its turn behind the transaction running (one queue per connection), and a transaction's own Sql runs
 * at once. Prepared statements are kept per SQL text (the most recent 256).
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Row, Sql, Value } from "./sql.js";

const STATEMENTS = 256;

class SqliteConnection {
  private readonly statements = new Map<string, StatementSync>();
  /** Settles when the calls queued so far are done. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly db: DatabaseSync) {}

  prepare(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (statement) return statement;
    statement = this.db.prepare(sql);
    this.statements.set(sql, statement);
    if (this.statements.size > STATEMENTS) this.statements.delete(this.statements.keys().next().value!);
    return statement;
  }

  /** Runs `task` after every call queued before it. */
  inTurn<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

export class SqliteSql implements Sql {
  readonly dialect = "sqlite" as const;

  private constructor(
    private readonly connection: SqliteConnection,
    /** True for the Sql a transaction's work is given: its calls run at once (the transaction holds the turn). */
    private readonly inTransaction: boolean,
  ) {}

  static of(db: DatabaseSync): SqliteSql {
    return new SqliteSql(new SqliteConnection(db), false);
  }

  /** The node:sqlite database (the backup API, PRAGMAs). */
  get database(): DatabaseSync {
    return this.connection.db;
  }

  private call<T>(task: () => T): Promise<T> {
    // A throw inside the executor rejects the promise.
    if (this.inTransaction) return new Promise<T>((resolve) => resolve(task()));
    return this.connection.inTurn(task);
  }

  all<T = Row>(sql: string, args: readonly Value[] = []): Promise<T[]> {
    return this.call(() => this.connection.prepare(sql).all(...args) as T[]);
  }

  arrays(sql: string, args: readonly Value[] = []): Promise<unknown[][]> {
    return this.call(() => {
      const statement = this.connection.prepare(sql);
      // Rows as arrays where this Node can (v22.16+): many rows read twice as fast.
      if (typeof statement.setReturnArrays !== "function")
        return statement.all(...args).map((row) => Object.values(row));
      statement.setReturnArrays(true);
      try {
        return statement.all(...args) as unknown as unknown[][];
      } finally {
        statement.setReturnArrays(false);
      }
    });
  }

  get<T = Row>(sql: string, args: readonly Value[] = []): Promise<T | undefined> {
    return this.call(() => this.connection.prepare(sql).get(...args) as T | undefined);
  }

  run(sql: string, args: readonly Value[] = []): Promise<number> {
    return this.call(() => Number(this.connection.prepare(sql).run(...args).changes));
  }

  exec(sql: string): Promise<void> {
    return this.call(() => this.connection.db.exec(sql));
  }

  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this);
    const db = this.connection.db;
    return this.connection.inTurn(async () => {
      // IMMEDIATE: the write lock at once, so another process's transaction waits (busy_timeout) instead of failing.
      db.exec("BEGIN IMMEDIATE");
      try {
        const result = await work(new SqliteSql(this.connection, true));
        db.exec("COMMIT");
        return result;
      } catch (e) {
        // isTransaction is Node.js 22.16+; before it, a ROLLBACK with no transaction open says so, and is ignored.
        if ((db.isTransaction as boolean | undefined) !== false) {
          try {
            db.exec("ROLLBACK");
          } catch {
            // No transaction was open (BEGIN itself failed, or SQLite rolled back on its own).
          }
        }
        throw e;
      }
    });
  }

  close(): Promise<void> {
    return this.call(() => this.connection.db.close());
  }
}
