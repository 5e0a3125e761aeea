import { randomBytes } from "node:crypto";
import type { Database, RawTransaction } from "@/lib/db/client";
import { matchesCondition } from "./expressions";
import type { FunctionRegistry } from "./registry";
import { createRun, finishRun, isTerminal, resumeWith, type RunRow } from "./run-store";
import type { InngestEvent } from "./types";

/** Event ids like Inngest's: time-ordered and unique enough to deduplicate on. */
export function newEventId(now = Date.now()): string {
  return `01${now.toString(36).padStart(10, "0")}${randomBytes(10).toString("hex")}`.toUpperCase();
}

/**
 * Takes events in, as Inngest's event API does: deduplicates ids for 24 hours, cancels runs
 * whose cancelOn matches, resumes runs waiting for the event, and starts triggered functions —
 * all in one transaction, so an event is either wholly applied or not at all.
 */
export async function ingestEvents(database: Database, registry: FunctionRegistry, events: InngestEvent[]): Promise<string[]> {
  const normalized = events.map((event) => ({
    ...event,
    id: event.id ?? newEventId(),
    ts: event.ts ?? Date.now(),
    data: event.data ?? {},
  }));
  await database.transaction(async (tx) => {
    for (const event of normalized) await ingestOne(tx, registry, event);
  });
  return normalized.map((event) => event.id);
}

async function ingestOne(tx: RawTransaction, registry: FunctionRegistry, event: InngestEvent & { id: string }) {
  const [fresh] = await tx.query(
    `insert into executor.events (id, name, payload) values ($1, $2, $3::jsonb)
     on conflict (id) do update set name = excluded.name, payload = excluded.payload, received_at = now()
       where executor.events.received_at < now() - interval '24 hours'
     returning id`,
    [event.id, event.name, JSON.stringify(event)],
  );
  if (!fresh) return;

  if (registry.cancelEvents.has(event.name)) {
    const cancellations = await tx.query<{ run_id: string; condition: string | null; event: InngestEvent; parent: RunRow["parent"]; status: string }>(
      `select c.run_id, c.condition, r.event, r.parent, r.status from executor.cancellations c
         join executor.runs r on r.id = c.run_id
        where c.event_name = $1 and (c.expires_at is null or c.expires_at > now())`,
      [event.name],
    );
    for (const c of cancellations) {
      if (isTerminal(c.status) || !matchesCondition(c.condition, { event: c.event, async: event })) continue;
      await finishRun(tx, { id: c.run_id, parent: c.parent }, { status: "cancelled", error: { name: "Cancelled", message: `Cancelled by ${event.name}`, event: event.id } });
    }
  }

  const waits = await tx.query<{ run_id: string; hash: string; condition: string | null; event: InngestEvent }>(
    `select w.run_id, w.hash, w.condition, r.event from executor.waits w
       join executor.runs r on r.id = w.run_id
      where w.kind = 'event' and w.event_name = $1 and w.expires_at > now()`,
    [event.name],
  );
  for (const wait of waits) {
    if (!matchesCondition(wait.condition, { event: wait.event, async: event })) continue;
    // Run row first (as the timeout path does), then whoever deletes the wait resumes the run:
    // a racing timeout or second event finds nothing.
    await tx.query("select id from executor.runs where id = $1 for update", [wait.run_id]);
    const [claimed] = await tx.query("delete from executor.waits where run_id = $1 and hash = $2 returning hash", [wait.run_id, wait.hash]);
    if (claimed) await resumeWith(tx, wait.run_id, { hash: wait.hash, op: "WaitForEvent", result: { data: event } });
  }

  for (const fn of registry.triggeredBy(event)) await createRun(tx, fn, [event]);
}
