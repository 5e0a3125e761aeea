import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { broadcasts } from "@/lib/db/schema";

/** Marks a broadcast completed (or failed, with the reason); a finished one stays as it is. */
export async function finishBroadcast(db: Db, broadcastId: string, failure?: string) {
  const [row] = await db
    .update(broadcasts)
    .set(failure ? { status: "failed", error: failure.slice(0, 1000), completedAt: new Date() } : { status: "completed", completedAt: new Date() })
    .where(and(eq(broadcasts.id, broadcastId), inArray(broadcasts.status, ["queued", "running"])))
    .returning();
  return row ?? null;
}
