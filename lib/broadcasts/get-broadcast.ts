import { eq } from "drizzle-orm";
import { z } from "zod";
import { HeraldApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/client";
import { broadcasts, type Broadcast } from "@/lib/db/schema";

export type BroadcastProgress = Omit<Broadcast, "cursor"> & { percent: number };

/** A broadcast with its progress in percent (100 only once it has completed). */
export async function getBroadcast(db: Db, id: string): Promise<BroadcastProgress> {
  const row = z.uuid().safeParse(id).success ? (await db.select().from(broadcasts).where(eq(broadcasts.id, id)))[0] : undefined;
  if (!row) throw new HeraldApiError("not_found", `No broadcast with id ${id}.`);
  return toBroadcastProgress(row);
}

export function toBroadcastProgress(row: Broadcast): BroadcastProgress {
  const { cursor, ...rest } = row;
  void cursor;
  // Recipients added while it runs can make accepted pass total: the bar never goes past full.
  const share = row.total > 0 ? Math.floor((100 * row.accepted) / Math.max(row.total, row.accepted)) : 0;
  return { ...rest, percent: row.status === "completed" ? 100 : Math.min(share, 99) };
}
