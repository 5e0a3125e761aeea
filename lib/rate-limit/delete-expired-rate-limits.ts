import { lt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { rateLimits } from "@/lib/db/schema";

/** Deletes the counters of windows that began before `before` (keys not seen since); returns how many went. */
export async function deleteExpiredRateLimits(db: Db, before: Date): Promise<number> {
  const deleted = await db.delete(rateLimits).where(lt(rateLimits.windowStart, before)).returning({ key: rateLimits.key });
  return deleted.length;
}
