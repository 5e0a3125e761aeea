import { sql } from "drizzle-orm";
import type { Database, Db } from "@/lib/db/client";
import { executeRows } from "@/lib/db/execute-rows";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { requestDeliveryReplays, type AnnounceReplays } from "@/lib/admin/request-delivery-replays";
import { deadLetterCondition } from "@/lib/admin/list-dead-letters";

const BATCH = 500;

/** The dead letters that still owe an endpoint (it is in their `meta.webhook.pending`). */
const owedTo = (endpointId: string) => `d.channel = 'webhook' and ${deadLetterCondition} and d.meta -> 'webhook' -> 'pending' ? ${endpointId}`;

/** How many dead letters each endpoint is owed: one statement for a page of endpoints. */
export async function countWebhookDeadLetters(db: Db, endpointIds: string[]): Promise<Map<string, number>> {
  if (endpointIds.length === 0) return new Map();
  const rows = await executeRows<{ id: string; n: number }>(
    db,
    sql`select e.id, (select count(*)::int from public.deliveries d where ${sql.raw(owedTo("e.id"))}) as n
          from jsonb_array_elements_text(${JSON.stringify(endpointIds)}::jsonb) as e(id)`,
  );
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

/**
 * Replays every dead letter that did not reach this endpoint (or only those that failed with
 * `code`, e.g. endpoint_paused), oldest first, through the dead-letter replay — in batches of
 * 500, each claimed, sent and audited as any replay is.
 */
export async function replayWebhookDeadLetters(
  database: Database,
  endpointId: string,
  actor: AuditActor,
  announce: AnnounceReplays,
  code?: string,
): Promise<{ replayed: number; skipped: number }> {
  let replayed = 0;
  let skipped = 0;
  let after: { createdAt: string; id: string } | null = null;
  for (;;) {
    const params: unknown[] = [endpointId, code ?? null];
    const cursor = after ? `and (d.created_at, d.id) > ($3::timestamptz, $4::uuid)` : "";
    if (after) params.push(after.createdAt, after.id);
    const page: { id: string; createdAt: string }[] = await database.query<{ id: string; createdAt: string }>(
      `select d.id, d.created_at::text as "createdAt" from public.deliveries d
        where ${owedTo("$1")} and ($2::text is null or d.last_error_code = $2) ${cursor}
        order by d.created_at, d.id limit ${BATCH}`,
      params,
    );
    if (page.length === 0) break;
    const result = await requestDeliveryReplays(database, { ids: page.map((d) => d.id) }, actor, announce);
    replayed += result.replayed.length;
    skipped += result.skipped.length;
    if (page.length < BATCH) break;
    after = page.at(-1)!;
  }
  return { replayed, skipped };
}
