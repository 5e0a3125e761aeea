import { sql, type SQL } from "drizzle-orm";
import type { Db, RawTransaction } from "./client";

/**
 * Plain parameterised SQL on a drizzle handle — typically a transaction the caller holds open —
 * so code written against `RawTransaction` (the executor's event intake) joins that
 * transaction. `$n` placeholders are bound to `params[n - 1]`.
 */
export function rawTransactionOf(db: Db): RawTransaction {
  return {
    async exec(script) {
      await db.execute(sql.raw(script));
    },
    async query<Row>(text: string, params: unknown[] = []) {
      const parts = text.split(/\$(\d+)/);
      const chunks: SQL[] = parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${sql.param(params[Number(part) - 1])}`));
      const result = (await db.execute(sql.join(chunks))) as unknown as { rows: Row[] };
      return result.rows;
    },
  };
}
