import { and, eq } from "drizzle-orm";
import { HeraldApiError } from "@/lib/api/errors";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { pushTokens, recipients, type Recipient } from "@/lib/db/schema";
import { recipientIdSchema } from "@/lib/notifications/schemas";
import { getRecipientOrThrow } from "./get-recipient-or-throw";
import { pushTokenSchema, recipientUpsertSchema } from "./recipient-schemas";


/** Creates or updates a recipient by the host app's id; fields left out keep their value. */
export async function upsertRecipient(db: Db, externalId: string, body: unknown): Promise<{ recipient: Recipient; created: boolean }> {
  const id = recipientIdSchema.parse(externalId);
  const fields = recipientUpsertSchema.parse(body);
  const [existing] = await db.select({ id: recipients.id }).from(recipients).where(eq(recipients.externalId, id));
  const [recipient] = await db
    .insert(recipients)
    .values({ externalId: id, ...fields })
    .onConflictDoUpdate({ target: recipients.externalId, set: Object.keys(fields).length ? fields : { externalId: id } })
    .returning();
  return { recipient: recipient!, created: !existing };
}

/**
 * Deletes a recipient and, with it, their inbox, preferences, quiet hours, push tokens and
 * deliveries; audited in the same transaction. The entry names only the id: nothing of what was
 * erased is kept.
 */
export async function deleteRecipient(db: Db, externalId: string, actor: AuditActor): Promise<boolean> {
  if (!recipientIdSchema.safeParse(externalId).success) return false;
  return db.transaction(async (tx) => {
    const rows = await tx.delete(recipients).where(eq(recipients.externalId, externalId)).returning({ id: recipients.id });
    if (rows.length === 0) return false;
    await recordAudit(tx, actor, { action: "recipient.erase", target: { type: "recipient", id: externalId } });
    return true;
  });
}

async function recipientIdOf(db: Db, externalId: string): Promise<string> {
  return (await getRecipientOrThrow(db, externalId)).id;
}

/** Registers a device's push token for a recipient (moving it if another recipient had it). */
export async function registerPushToken(db: Db, externalId: string, body: unknown) {
  return registerPushTokenFor(db, await recipientIdOf(db, externalId), body, { move: true });
}

/**
 * The same, for the signed-in user's own browser. A token another recipient holds is not
 * taken over from here: only the host app (API key) may move a device between recipients.
 */
export async function registerPushTokenFor(db: Db, recipientId: string, body: unknown, { move = false } = {}) {
  const { token, platform } = pushTokenSchema.parse(body);
  const [row] = await db
    .insert(pushTokens)
    .values({ recipientId, token, platform })
    .onConflictDoUpdate({
      target: pushTokens.token,
      set: { recipientId, platform, lastSeenAt: new Date() },
      ...(move ? {} : { setWhere: eq(pushTokens.recipientId, recipientId) }),
    })
    .returning();
  if (!row) throw new HeraldApiError("conflict", "This push token belongs to another account.");
  return row;
}

export async function unregisterPushToken(db: Db, externalId: string, token: string): Promise<boolean> {
  return unregisterPushTokenFor(db, await recipientIdOf(db, externalId), token);
}

export async function unregisterPushTokenFor(db: Db, recipientId: string, token: string): Promise<boolean> {
  const rows = await db.delete(pushTokens).where(and(eq(pushTokens.recipientId, recipientId), eq(pushTokens.token, token))).returning({ id: pushTokens.id });
  return rows.length > 0;
}
