import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { fromZodError, HeraldApiError } from "@/lib/api/errors";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { broadcasts, recipients } from "@/lib/db/schema";
import { notificationRequestSchema } from "@/lib/notifications/schemas";
import { recipientFilterSchema, recipientFilterWhere } from "@/lib/recipients/search-recipients";
import { BROADCAST_BATCH_SIZE, MAX_BROADCAST_RECIPIENTS } from "./broadcast-limits";
import { getNotificationTypeOrThrow } from "@/lib/templates/get-notification-type-or-throw";

/** Starts a recorded broadcast's durable fan-out (the caller wires the event API). */
export type AnnounceBroadcast = (broadcastId: string) => Promise<unknown>;

const startBroadcastSchema = z.looseObject({ filter: recipientFilterSchema.default({}) });

/**
 * Starts a broadcast: the body is a send request with `filter` in place of `to`. It is checked
 * here in full — a bad type or template must fail now, not in every batch — then recorded,
 * and the fan-out runs as a durable function.
 */
export async function startBroadcast(db: Db, body: unknown, options: { actor: AuditActor; announce: AnnounceBroadcast; batchSize?: number }) {
  const { filter, ...rest } = startBroadcastSchema.parse(body);
  if ("to" in rest) throw new HeraldApiError("unprocessable_entity", "to: a broadcast picks its recipients with filter", [{ path: "to", message: "use filter" }]);
  // The very schema a send uses, with a stand-in recipient: every issue keeps its own path.
  const checked = notificationRequestSchema.safeParse({ ...rest, to: "broadcast" });
  if (!checked.success) throw fromZodError(checked.error);
  const request = rest as Record<string, unknown>;
  for (const field of ["type", "template"] as const) {
    const key = field === "type" ? (checked.data.type ?? "default") : checked.data.template;
    if (!key) continue;
    await getNotificationTypeOrThrow(db, key, field);
  }
  const where = recipientFilterWhere(filter);
  const [{ count }] = (await db
    .select({ count: sql<number>`count(*)::int` })
    .from(recipients)
    .where(where.length ? and(...where) : sql`true`)) as [{ count: number }];
  if (count === 0) throw new HeraldApiError("unprocessable_entity", "filter: no recipient matches", [{ path: "filter", message: "no recipient matches" }]);
  if (count > MAX_BROADCAST_RECIPIENTS) {
    throw new HeraldApiError("unprocessable_entity", `filter: ${count} recipients match; a broadcast reaches at most ${MAX_BROADCAST_RECIPIENTS}`, [
      { path: "filter", message: `matches ${count} recipients (at most ${MAX_BROADCAST_RECIPIENTS})` },
    ]);
  }
  const { actor } = options;
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(broadcasts)
      .values({ request, filter, total: count, batchSize: options.batchSize ?? BROADCAST_BATCH_SIZE, createdBy: actor.type === "user" ? actor.id : null })
      .returning();
    await recordAudit(tx, actor, { action: "broadcast.create", target: { type: "broadcast", id: created!.id }, after: { request, filter, total: count } });
    return created;
  });
  try {
    await options.announce(row!.id);
  } catch (error) {
    await db.update(broadcasts).set({ status: "failed", error: "the fan-out could not be started" }).where(eq(broadcasts.id, row!.id));
    throw new HeraldApiError("service_unavailable", `The broadcast could not be started: ${error instanceof Error ? error.message : String(error)}`);
  }
  return row!;
}
