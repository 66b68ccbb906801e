import type { Sql, Value } from "./sql.js";

/** Rows per INSERT at most: 100 rows of 14 columns stay far below both engines' limits on parameters. */
const ROWS_PER_INSERT = 100;

/**
 * Inserts `rows` into `table (columns)`, many rows per statement (one round trip each on PostgreSQL); `suffix`
 * (e.g. `ON CONFLICT DO NOTHING`) ends each statement.
 */
export async function insertMany(
  sql: Sql,
  table: string,
  rows: readonly Value[][],
  suffix = "",
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const batch = rows.slice(i, i + ROWS_PER_INSERT);
    const one = `(${batch[0]!.map(() => "?").join(", ")})`;
    await sql.run(`INSERT INTO ${table} VALUES ${batch.map(() => one).join(", ")} ${suffix}`, batch.flat());
  }
}
