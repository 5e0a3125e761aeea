import type { Database } from "@/lib/db/client";

export type TableReads = {
  /** Rows read from the table itself: by sequential scans, and fetched by index scans. */
  rows: number;
  /** Per index of the table: how many scans used it, and how many of its entries they read. */
  indexes: Record<string, { scans: number; entries: number }>;
};

/**
 * What Postgres's own statistics have counted for `table` so far. Statistics are flushed when a
 * connection goes idle, at most once a second unless asked; this asks. So the figures include
 * every statement sent on `database`'s connection: use a one-connection pool (or PGlite).
 * The difference of two calls is what the statements in between read.
 */
export async function tableReads(database: Database, table: string): Promise<TableReads> {
  await database.query("select pg_stat_force_next_flush()");
  const [row] = await database.query<{ rows: number }>(
    "select (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::int as rows from pg_stat_user_tables where relid = $1::regclass",
    [table],
  );
  const indexes = await database.query<{ name: string; scans: number; entries: number }>(
    "select indexrelname as name, idx_scan::int as scans, idx_tup_read::int as entries from pg_stat_user_indexes where relid = $1::regclass",
    [table],
  );
  return { rows: row?.rows ?? 0, indexes: Object.fromEntries(indexes.map((i) => [i.name, { scans: i.scans, entries: i.entries }])) };
}

/** What was read between two readings: rows, and per index its scans and entries. */
export function readsBetween(before: TableReads, after: TableReads): TableReads {
  const indexes: TableReads["indexes"] = {};
  for (const [name, { scans, entries }] of Object.entries(after.indexes)) {
    indexes[name] = { scans: scans - (before.indexes[name]?.scans ?? 0), entries: entries - (before.indexes[name]?.entries ?? 0) };
  }
  return { rows: after.rows - before.rows, indexes };
}
