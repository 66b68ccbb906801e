/**
 * The Sql of a PostgreSQL database: a pool of connections (node-postgres). Statements written with `?` (or `?1`)
 * placeholders are sent with `$1`, `$2` …; 64-bit integers and numerics (count(*), sum(), avg(), a BIGSERIAL) come
 * back as JavaScript numbers, as SQLite gives them. A transaction takes one connection from the pool for its work.
 */
import pg from "pg";
import type { Row, Sql, Value } from "./sql.js";

/** A transaction that lost a race with another one (serialization failure, deadlock, a unique key it also wrote). */
const RETRIED = new Set(["40001", "40P01", "23505"]);
const ATTEMPTS = 3;

/** A statement, or a transaction left idle, is cut after this long (ms). */
export const STATEMENT_TIMEOUT_MS = 120_000;

const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8 || oid === NUMERIC
      ? (text: string) => Number(text)
      : (pg.types.getTypeParser as (oid: number, format?: string) => unknown)(oid, format)) as never,
};

const translated = new Map<string, string>();
/** `?` → `$1`, `$2` … in order; `?N` → `$N`. */
export function postgresText(sql: string): string {
  let text = translated.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?(\d+)?/g, (_, num: string | undefined) => `$${num ?? ++n}`);
    if (translated.size > 1024) translated.clear();
    translated.set(sql, text);
  }
  return text;
}

type Queryable = pg.Pool | pg.PoolClient;

/**
 * A client that closes its socket when connecting fails on this side (a password the server asks for and none
 * given, a refused TLS certificate): node-postgres leaves it open, and the server waits for the rest of the
 * handshake, keeping the process alive for a minute after the error was said (pg-pool does the same on its
 * connection timeout).
 */
interface RawClient {
  connect(callback?: (e: Error | null) => void): Promise<unknown> | undefined;
  connection?: { stream?: { destroy(): void } };
}
const RawClient = pg.Client as unknown as new (config?: unknown) => RawClient;

class Client extends RawClient {
  override connect(callback?: (e: Error | null) => void): Promise<unknown> | undefined {
    const close = (e: unknown) => {
      if (e) this.connection?.stream?.destroy();
    };
    if (callback)
      return super.connect((e) => {
        close(e);
        callback(e);
      });
    return super.connect()!.catch((e: unknown) => {
      close(e);
      throw e;
    });
  }
}

export interface PostgresOptions {
  /** Connections in the pool at most (default 10). */
  max?: number;
  /** Where the pool's errors on idle connections go (a server restarted, a network cut): never a crash. */
  onIdleError?: (e: Error) => void;
}

export class PostgresSql implements Sql {
  readonly dialect = "postgres" as const;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly client: pg.PoolClient | undefined,
  ) {}

  /** A pool on `url`; nothing is connected until the first call (connect() checks at once). */
  static open(url: string, options: PostgresOptions = {}): PostgresSql {
    const pool = new pg.Pool({
      Client: Client as unknown as typeof pg.Client,
      connectionString: url,
      max: options.max ?? 10,
      types,
      application_name: "jux serve",
      connectionTimeoutMillis: 10_000,
      // A statement or an open transaction the server has forgotten (a bug, a stuck client) cannot hold a
      // connection of the pool, nor its locks, for ever.
      statement_timeout: STATEMENT_TIMEOUT_MS,
      idle_in_transaction_session_timeout: STATEMENT_TIMEOUT_MS,
    });
    pool.on("error", (e) => options.onIdleError?.(e));
    return new PostgresSql(pool, undefined);
  }

  private get target(): Queryable {
    // As SQLite says it of a closed database (node-postgres: "Cannot use a pool after calling end on the pool").
    if (this.pool.ending) throw new Error("database is not open");
    return this.client ?? this.pool;
  }

  private async query(sql: string, args: readonly Value[], arrays = false): Promise<pg.QueryResult> {
    return this.target.query({
      text: postgresText(sql),
      values: args as unknown[],
      ...(arrays ? { rowMode: "array" as const } : {}),
    });
  }

  async all<T = Row>(sql: string, args: readonly Value[] = []): Promise<T[]> {
    return (await this.query(sql, args)).rows as T[];
  }

  async arrays(sql: string, args: readonly Value[] = []): Promise<unknown[][]> {
    return (await this.query(sql, args, true)).rows as unknown[][];
  }

  async get<T = Row>(sql: string, args: readonly Value[] = []): Promise<T | undefined> {
    return (await this.query(sql, args)).rows[0] as T | undefined;
  }

  async run(sql: string, args: readonly Value[] = []): Promise<number> {
    return (await this.query(sql, args)).rowCount ?? 0;
  }

  async exec(sql: string): Promise<void> {
    // Without values node-postgres sends the simple query protocol: several statements in one call.
    await this.target.query(sql);
  }

  async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    if (this.client) return work(this);
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken = false;
      // A checked-out connection that dies between two statements (a failover, an administrator, a network reset)
      // emits 'error' on its client: without a listener that would end the process. Noted here, it fails the
      // next statement, and the connection is not given back.
      const lost = () => (broken = true);
      client.on("error", lost);
      try {
        await client.query("BEGIN");
        const result = await work(new PostgresSql(this.pool, client));
        await client.query("COMMIT");
        return result;
      } catch (e) {
        try {
          await client.query("ROLLBACK");
        } catch {
          broken = true; // the connection itself failed: it is not given back to the pool
        }
        const code = (e as { code?: unknown }).code;
        if (attempt < ATTEMPTS && typeof code === "string" && RETRIED.has(code)) continue;
        throw e;
      } finally {
        client.off("error", lost);
        client.release(broken);
      }
    }
  }

  /** Checks the database answers (a wrong URL, password or a server down fail here, at start). */
  async connect(): Promise<void> {
    await this.pool.query("SELECT 1");
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
