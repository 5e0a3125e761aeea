import { randomBytes } from "node:crypto";
import type { Database, RawTransaction } from "@/lib/db/client";
import { matchesCondition } from "./expressions";
import type { FunctionRegistry } from "./registry";
import { createRuns, finishRun, isTerminal, resumeWith, type RunRow } from "./run-store";
import type { InngestEvent } from "./types";

/** Event ids like Inngest's: time-ordered and unique enough to deduplicate on. */
export function newEventId(now = Date.now()): string {
  return `01${now.toString(36).padStart(10, "0")}${randomBytes(10).toString("hex")}`.toUpperCase();
}

type StoredEvent = InngestEvent & { id: string; ts: number; data: Record<string, unknown> };

/**
 * Takes events in, as Inngest's event API does: deduplicates ids for 24 hours, cancels runs
 * whose cancelOn matches, resumes runs waiting for the event, and starts triggered functions.
 *
 * `into` is either a Database (the events get a transaction of their own) or a transaction the
 * caller already holds open (`RawTransaction`), so that events commit or roll back together with
 * the caller's own rows. Either way an event is wholly applied or not at all.
 *
 * Set-based: one statement per table for the whole batch (events, then the runs with their
 * cancelOn rows and first jobs), however many events there are. Only cancellations and waits
 * that an event actually matches cost statements of their own.
 *
 * Answers the event ids in input order (generated where an event had none).
 */
export async function ingestEvents(
  into: Database | RawTransaction,
  registry: FunctionRegistry,
  events: InngestEvent[],
): Promise<string[]> {
  const normalized: StoredEvent[] = events.map((event) => ({
    ...event,
    id: event.id ?? newEventId(),
    ts: event.ts ?? Date.now(),
    data: event.data ?? {},
  }));
  if (normalized.length > 0) {
    if ("transaction" in into) await into.transaction((tx) => ingestBatch(tx, registry, normalized));
    else await ingestBatch(into, registry, normalized);
  }
  return normalized.map((event) => event.id);
}

async function ingestBatch(tx: RawTransaction, registry: FunctionRegistry, events: StoredEvent[]) {
  // An id repeated within the batch is the same event sent twice: the first one counts.
  const seen = new Set<string>();
  const firstOfEach = events.filter((event) => !seen.has(event.id) && Boolean(seen.add(event.id)));
  const rows = await tx.query<{ id: string }>(
    `insert into executor.events (id, name, payload)
     select x.id, x.name, x.payload from jsonb_to_recordset($1::jsonb) as x(id text, name text, payload jsonb)
     on conflict (id) do update set name = excluded.name, payload = excluded.payload, received_at = now()
       where executor.events.received_at < now() - interval '24 hours'
     returning id`,
    [JSON.stringify(firstOfEach.map((event) => ({ id: event.id, name: event.name, payload: event })))],
  );
  if (rows.length === 0) return;
  const freshIds = new Set(rows.map((row) => row.id));
  const fresh = firstOfEach.filter((event) => freshIds.has(event.id));

  await cancelRuns(tx, registry, fresh);
  await resumeWaits(tx, fresh);
  await createRuns(
    tx,
    fresh.flatMap((event) => registry.triggeredBy(event).map((fn) => ({ fn, events: [event] }))),
  );
}

// The match keys of a batch's events ($1: their ids, just stored): for each match path in use
// for an event's name, the value the event has there. Waits and cancellations with a match key
// are found by their index on it; only those without one are evaluated one by one.
const MATCH_KEYS = `with keys as (
  select distinct p.event_name, p.match_path, e.payload #>> p.match_path as value
    from executor.events e join executor.match_paths p on p.event_name = e.name
   where e.id = any($1::text[])
)`;

async function cancelRuns(tx: RawTransaction, registry: FunctionRegistry, events: StoredEvent[]) {
  const cancelling = events.filter((event) => registry.cancelEvents.has(event.name));
  if (cancelling.length === 0) return;
  const candidates = await tx.query<{ run_id: string; event_name: string; condition: string | null; event: InngestEvent; parent: RunRow["parent"]; status: string }>(
    `${MATCH_KEYS}
     select c.run_id, c.event_name, c.condition, r.event, r.parent, r.status
       from keys join executor.cancellations c on c.event_name = keys.event_name and c.match_path = keys.match_path and c.match_value = keys.value
       join executor.runs r on r.id = c.run_id
      where c.expires_at is null or c.expires_at > now()
     union all
     select c.run_id, c.event_name, c.condition, r.event, r.parent, r.status from executor.cancellations c
       join executor.runs r on r.id = c.run_id
      where c.match_path is null and c.event_name = any($2::text[]) and (c.expires_at is null or c.expires_at > now())`,
    [cancelling.map((event) => event.id), [...new Set(cancelling.map((event) => event.name))]],
  );
  const cancelled = new Map<string, { parent: RunRow["parent"]; by: StoredEvent }>();
  for (const c of candidates) {
    if (isTerminal(c.status) || cancelled.has(c.run_id)) continue;
    const by = cancelling.find((event) => event.name === c.event_name && matchesCondition(c.condition, { event: c.event, async: event }));
    if (by) cancelled.set(c.run_id, { parent: c.parent, by });
  }
  // Always in the same order, so two batches cancelling the same runs cannot deadlock.
  for (const [runId, { parent, by }] of [...cancelled].sort(([a], [b]) => a.localeCompare(b))) {
    await finishRun(tx, { id: runId, parent }, { status: "cancelled", error: { name: "Cancelled", message: `Cancelled by ${by.name}`, event: by.id } });
  }
}

async function resumeWaits(tx: RawTransaction, events: StoredEvent[]) {
  const waits = await tx.query<{ run_id: string; hash: string; event_name: string; condition: string | null; event: InngestEvent }>(
    `${MATCH_KEYS}
     select w.run_id, w.hash, w.event_name, w.condition, r.event
       from keys join executor.waits w on w.event_name = keys.event_name and w.match_path = keys.match_path and w.match_value = keys.value
       join executor.runs r on r.id = w.run_id
      where w.kind = 'event' and w.expires_at > now()
     union all
     select w.run_id, w.hash, w.event_name, w.condition, r.event from executor.waits w
       join executor.runs r on r.id = w.run_id
      where w.match_path is null and w.kind = 'event' and w.event_name = any($2::text[]) and w.expires_at > now()`,
    [events.map((event) => event.id), [...new Set(events.map((event) => event.name))]],
  );
  // The first event of the batch that matches a wait is the one it receives.
  const matched = waits.flatMap((wait) => {
    const event = events.find((e) => e.name === wait.event_name && matchesCondition(wait.condition, { event: wait.event, async: e }));
    return event ? [{ ...wait, by: event }] : [];
  });
  matched.sort((a, b) => a.run_id.localeCompare(b.run_id) || a.hash.localeCompare(b.hash));
  for (const wait of matched) {
    // Run row first (as the timeout path does), then whoever deletes the wait resumes the run:
    // a racing timeout or second event finds nothing.
    await tx.query("select id from executor.runs where id = $1 for update", [wait.run_id]);
    const [claimed] = await tx.query("delete from executor.waits where run_id = $1 and hash = $2 returning hash", [wait.run_id, wait.hash]);
    if (claimed) await resumeWith(tx, wait.run_id, { hash: wait.hash, op: "WaitForEvent", result: { data: wait.by } });
  }
}
