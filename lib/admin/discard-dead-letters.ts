import type { Database } from "@/lib/db/client";
import { actorName, type AuditActor } from "@/lib/audit/audit-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { deadLetterIdsSchema } from "./dead-letter-ids";
import { deadLetterCondition } from "./list-dead-letters";
import { assertDeliveriesExist } from "./request-delivery-replays";

/**
 * Takes dead letters off the list for good, keeping their history: the delivery stays, marked
 * with who discarded it and when, and its timeline gains a `discarded` event. Discarding
 * twice changes nothing the second time.
 */
export async function discardDeadLetters(database: Database, body: unknown, actor: AuditActor) {
  const { ids } = deadLetterIdsSchema.parse(body);
  await assertDeliveriesExist(database, ids);
  const rows = await database.query<{ id: string }>(
    `with discarded as (
       update public.deliveries d set discarded_at = now(), discarded_by = $2::uuid
        where d.id in (select jsonb_array_elements_text($1::jsonb)::uuid) and ${deadLetterCondition}
       returning d.id
     ), recorded as (
       insert into public.delivery_events (delivery_id, status, reason, payload)
       select id, 'discarded', 'discarded by ' || $3, jsonb_build_object('by', $3) from discarded
     )
     select id from discarded`,
    [JSON.stringify(ids), actor.type === "user" ? actor.id : null, actorName(actor)],
  );
  const done = new Set(rows.map((r) => r.id));
  const result = { discarded: rows.map((r) => r.id), skipped: ids.filter((id) => !done.has(id)).map((id) => ({ id, reason: "not a dead letter" })) };
  if (rows.length > 0) {
    await recordAudit(database.db, actor, { action: "dead_letters.discard", target: { type: "delivery", id: rows.length === 1 ? rows[0]!.id : null }, after: result });
  }
  return result;
}
