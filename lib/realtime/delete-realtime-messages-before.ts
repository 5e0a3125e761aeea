import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { executeRows } from "@/lib/db/execute-rows";

/** Deletes live-feed messages older than `before`; returns how many went. */
export async function deleteRealtimeMessagesBefore(db: Db, before: Date): Promise<number> {
  const rows = await executeRows<{ id: number }>(
    db,
    sql`delete from realtime.messages where inserted_at < ${before.toISOString()}::timestamptz returning id`,
  );
  return rows.length;
}
