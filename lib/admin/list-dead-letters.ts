import { z } from "zod";
import type { Database } from "@/lib/db/client";
import { channels } from "@/lib/db/schema";
import { failedStatusesSql } from "./get-delivery-stats";
import { pageDeliveryLog, type DeliveryLogPage } from "./list-deliveries";
import { timeCursorSchema } from "@/lib/db/time-cursor";

export const deadLetterFilterSchema = z.object({
  channel: z.enum(channels).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  after: timeCursorSchema.optional(),
});

/** SQL for "this delivery is a dead letter": failed for good and not discarded. */
export const deadLetterCondition = `d.status in (${failedStatusesSql}) and d.discarded_at is null`;

/** Failed, bounced and undelivered deliveries nobody has discarded, newest first. */
export async function listDeadLetters(database: Database, filter: unknown = {}): Promise<DeliveryLogPage> {
  const f = deadLetterFilterSchema.parse(filter);
  const where = [deadLetterCondition];
  const params: unknown[] = [];
  if (f.channel) {
    params.push(f.channel);
    where.push(`d.channel = $1`);
  }
  return pageDeliveryLog(database, where, params, f.limit, f.after);
}
