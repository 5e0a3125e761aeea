import { eq } from "drizzle-orm";
import { HeraldApiError } from "@/lib/api/errors";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { channels, notificationTypes, preferences, quietHours, type Channel } from "@/lib/db/schema";
import { preferencesUpdateSchema } from "./preference-schemas";
import { toQuietHours } from "@/lib/notifications/quiet-hours";

type Switches = Partial<Record<Channel, boolean>>;

export type RecipientPreferences = {
  global: Record<Channel, boolean>;
  types: { key: string; name: string; description: string | null; category: string | null; critical: boolean; defaultChannels: Channel[]; channels: Record<Channel, boolean> }[];
  quietHours: { enabled: boolean; start: string; end: string; timezone: string } | null;
};

/**
 * A recipient's preferences as the matrix the preferences page shows: every type × channel,
 * with what is in force: the recipient's explicit choice (which can also switch on a channel
 * the type does not use by default), else on for the type's default channels.
 */
export async function getRecipientPreferences(db: Db, recipientId: string): Promise<RecipientPreferences> {
  const [types, rows, [quiet]] = await Promise.all([
    db.select().from(notificationTypes).orderBy(notificationTypes.name),
    db.select().from(preferences).where(eq(preferences.recipientId, recipientId)),
    db.select().from(quietHours).where(eq(quietHours.recipientId, recipientId)),
  ]);
  const global = Object.fromEntries(channels.map((c) => [c, true])) as Record<Channel, boolean>;
  const byType = new Map<string, Switches>();
  for (const row of rows) {
    if (!row.notificationTypeId) global[row.channel] = row.enabled;
    else byType.set(row.notificationTypeId, { ...byType.get(row.notificationTypeId), [row.channel]: row.enabled });
  }
  return {
    global,
    types: types.map((t) => ({
      key: t.key,
      name: t.name,
      description: t.description,
      category: t.category,
      critical: t.critical,
      defaultChannels: t.defaultChannels,
      channels: Object.fromEntries(
        channels.map((c) => [c, t.critical ? t.defaultChannels.includes(c) : (byType.get(t.id)?.[c] ?? t.defaultChannels.includes(c))]),
      ) as Record<Channel, boolean>,
    })),
    quietHours: toQuietHours(quiet),
  };
}

/**
 * Applies a change and answers the preferences now in force. A member acting for the
 * recipient passes `onBehalf`: the change is then audited, with the matrix before and after.
 */
export async function updateRecipientPreferences(
  db: Db,
  recipientId: string,
  body: unknown,
  onBehalf?: { actor: AuditActor; externalId: string },
): Promise<RecipientPreferences> {
  if (!onBehalf) {
    await saveRecipientPreferences(db, recipientId, body);
    return getRecipientPreferences(db, recipientId);
  }
  return db.transaction(async (tx) => {
    const before = await getRecipientPreferences(tx, recipientId);
    await saveRecipientPreferences(tx, recipientId, body);
    const after = await getRecipientPreferences(tx, recipientId);
    await recordAudit(tx, onBehalf.actor, { action: "preferences.update", target: { type: "recipient", id: onBehalf.externalId }, before, after });
    return after;
  });
}

/** Applies a change, answering nothing; critical types cannot be switched off, unknown types are named. */
export async function saveRecipientPreferences(db: Db, recipientId: string, body: unknown): Promise<void> {
  const update = preferencesUpdateSchema.parse(body);
  const typeKeys = Object.keys(update.types ?? {});
  const types = typeKeys.length ? await db.select().from(notificationTypes) : [];
  const typeByKey = new Map(types.map((t) => [t.key, t]));
  for (const key of typeKeys) {
    const type = typeByKey.get(key);
    if (!type) throw new HeraldApiError("unprocessable_entity", `types.${key}: no such notification type`, [{ path: `types.${key}`, message: "no such notification type" }]);
    if (type.critical && Object.values(update.types![key]!).some((on) => on === false)) {
      throw new HeraldApiError("unprocessable_entity", `types.${key}: "${type.name}" is critical and cannot be turned off`, [
        { path: `types.${key}`, message: "critical notifications cannot be turned off" },
      ]);
    }
  }
  await db.transaction(async (tx) => {
    // One statement, so two saves at once cannot both insert (the key treats nulls as equal).
    const upsert = (typeId: string | null, channel: Channel, enabled: boolean) =>
      tx
        .insert(preferences)
        .values({ recipientId, notificationTypeId: typeId, channel, enabled })
        .onConflictDoUpdate({ target: [preferences.recipientId, preferences.notificationTypeId, preferences.channel], set: { enabled } });
    for (const [channel, enabled] of Object.entries(update.global ?? {})) await upsert(null, channel as Channel, enabled!);
    for (const [key, switches] of Object.entries(update.types ?? {})) {
      for (const [channel, enabled] of Object.entries(switches)) await upsert(typeByKey.get(key)!.id, channel as Channel, enabled!);
    }
    if (update.quietHours === null) await tx.delete(quietHours).where(eq(quietHours.recipientId, recipientId));
    else if (update.quietHours) {
      const q = update.quietHours;
      await tx
        .insert(quietHours)
        .values({ recipientId, enabled: q.enabled, startTime: q.start, endTime: q.end, timezone: q.timezone })
        .onConflictDoUpdate({ target: quietHours.recipientId, set: { enabled: q.enabled, startTime: q.start, endTime: q.end, timezone: q.timezone } });
    }
  });
}
