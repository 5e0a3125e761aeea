import { HeraldApiError } from "@/lib/api/errors";
import type { Database } from "@/lib/db/client";
import { actorName, type AuditActor } from "@/lib/audit/audit-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { logger } from "@/lib/logger";
import { deadLetterIdsSchema } from "./dead-letter-ids";
import { deadLetterCondition } from "./list-dead-letters";

export type ReplayRequestResult = {
  replayed: { id: string; notificationId: string; replay: number }[];
  skipped: { id: string; reason: string }[];
};

/** Starts the durable replay of each claimed delivery (the caller wires the event API). */
export type AnnounceReplays = (replays: { deliveryId: string; notificationId: string; replay: number }[]) => Promise<unknown>;

const idsParam = (ids: string[]) => JSON.stringify(ids);
const idsIn = (param: string) => `(select jsonb_array_elements_text(${param}::jsonb)::uuid)`;

/** 422 naming each id that matches no delivery, so a typo never passes as "nothing to do". */
export async function assertDeliveriesExist(database: Database, ids: string[]) {
  const found = await database.query<{ id: string }>(`select id from public.deliveries where id in ${idsIn("$1")}`, [idsParam(ids)]);
  const known = new Set(found.map((r) => r.id));
  const missing = ids.map((id, i) => ({ id, i })).filter(({ id }) => !known.has(id));
  if (missing.length > 0) {
    throw new HeraldApiError(
      "unprocessable_entity",
      `ids[${missing[0]!.i}]: no delivery ${missing[0]!.id}`,
      missing.map(({ id, i }) => ({ path: `ids[${i}]`, message: `no delivery ${id}` })),
    );
  }
}

/** Undoes claims whose replay could not be queued: each delivery gets its previous status back. */
export async function releaseReplayClaims(database: Database, claimed: { id: string; replay: number; previous: string }[]) {
  await database.query(
    `with back as (
       update public.deliveries d set status = c.previous
         from jsonb_to_recordset($1::jsonb) as c (id uuid, replay int, previous text)
        where d.id = c.id and d.replay_count = c.replay and d.status = 'queued'
       returning d.id
     )
     insert into public.delivery_events (delivery_id, status, reason)
     select id, 'replay_failed', 'the replay could not be queued' from back`,
    [JSON.stringify(claimed.map(({ id, replay, previous }) => ({ id, replay, previous })))],
  );
}

/**
 * Puts dead letters back on the durable path. Claiming is one UPDATE: a delivery moves from
 * failed to queued and its replay count goes up only if it is still a dead letter, so a
 * double click or a duplicate request claims nothing the second time. The event id derives
 * from the delivery and its replay count, so even a re-sent event starts one run.
 */
export async function requestDeliveryReplays(database: Database, body: unknown, actor: AuditActor, announce: AnnounceReplays): Promise<ReplayRequestResult> {
  const { ids } = deadLetterIdsSchema.parse(body);
  await assertDeliveriesExist(database, ids);
  const claimed = await database.query<{ id: string; notificationId: string; replay: number; previous: string }>(
    `with claimed as (
       update public.deliveries d set status = 'queued', replay_count = d.replay_count + 1
         from public.deliveries old
        where old.id = d.id and d.id in ${idsIn("$1")} and ${deadLetterCondition}
          and exists (select 1 from public.notifications n where n.id = d.notification_id and n.status <> 'cancelled')
       returning d.id, d.notification_id, d.replay_count, old.status as previous
     ), recorded as (
       insert into public.delivery_events (delivery_id, status, reason, payload)
       select id, 'replay_requested', 'replay ' || replay_count || ' requested by ' || $2, jsonb_build_object('replay', replay_count, 'by', $2, 'previous', previous)
         from claimed
     )
     select id, notification_id as "notificationId", replay_count as replay, previous from claimed`,
    [idsParam(ids), actorName(actor)],
  );

  if (claimed.length > 0) {
    try {
      await announce(claimed.map((c) => ({ deliveryId: c.id, notificationId: c.notificationId, replay: c.replay })));
    } catch (error) {
      // Nothing will run these replays: hand the deliveries back as they were, then say so.
      logger.error("could not send delivery replay events", { error, count: claimed.length });
      await releaseReplayClaims(database, claimed);
      throw new HeraldApiError("service_unavailable", "The replays could not be queued; nothing was sent. Try again.");
    }
  }

  const replayedIds = new Set(claimed.map((c) => c.id));
  const rest = ids.filter((id) => !replayedIds.has(id));
  const states = rest.length
    ? await database.query<{ id: string; status: string; discarded: boolean; cancelled: boolean }>(
        `select d.id, d.status, d.discarded_at is not null as discarded, n.status = 'cancelled' as cancelled
           from public.deliveries d join public.notifications n on n.id = d.notification_id
          where d.id in ${idsIn("$1")}`,
        [idsParam(rest)],
      )
    : [];
  const result = {
    replayed: claimed.map(({ id, notificationId, replay }) => ({ id, notificationId, replay })),
    skipped: states.map((s) => ({
      id: s.id,
      reason: s.discarded ? "discarded" : s.cancelled ? "notification cancelled" : s.status === "queued" ? "a replay is already under way" : `not a dead letter (${s.status})`,
    })),
  };
  if (claimed.length > 0) {
    await recordAudit(database.db, actor, {
      action: "dead_letters.replay",
      target: { type: "delivery", id: claimed.length === 1 ? claimed[0]!.id : null },
      before: { statuses: Object.fromEntries(claimed.map((c) => [c.id, c.previous])) },
      after: result,
    });
  }
  return result;
}
