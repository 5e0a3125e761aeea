import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";

/** Deletes live-feed messages older than `before`; returns how many went. */
export async function deleteRealtimeMessagesBefore(db: Db, before: Date): Promise<number> {
  const rows = await db.execute<{ id: number }>(
    sql`delete from realtime.messages where inserted_at < ${before.toISOString()}::timestamptz returning id`,
  );
  return Array.isArray(rows) ? rows.length : ((rows as { rows?: unknown[] }).rows?.length ?? 0);
}
