import type { Database } from "@/lib/db/client";

/** What each pruned table keeps, in hours (0: forever). */
export type RetentionPolicy = {
  executorHours: number;
  deliveryEventsHours: number;
  outboxHours: number;
  idempotencyHours: number;
  batchSize: number;
};

export const prunedTables = ["executor.runs", "executor.events", "public.delivery_events", "public.outbox_messages", "public.idempotency_keys"] as const;
export type PrunedTable = (typeof prunedTables)[number];

export function retentionPolicyFromEnv(env: {
  HERALD_RETENTION_EXECUTOR_DAYS: number;
  HERALD_RETENTION_DELIVERY_EVENTS_DAYS: number;
  HERALD_RETENTION_OUTBOX_DAYS: number;
  HERALD_RETENTION_IDEMPOTENCY_HOURS: number;
  HERALD_RETENTION_BATCH: number;
}): RetentionPolicy {
  return {
    executorHours: env.HERALD_RETENTION_EXECUTOR_DAYS * 24,
    deliveryEventsHours: env.HERALD_RETENTION_DELIVERY_EVENTS_DAYS * 24,
    outboxHours: env.HERALD_RETENTION_OUTBOX_DAYS * 24,
    idempotencyHours: env.HERALD_RETENTION_IDEMPOTENCY_HOURS,
    batchSize: env.HERALD_RETENTION_BATCH,
  };
}

export function hoursKept(policy: RetentionPolicy, table: PrunedTable): number {
  switch (table) {
    case "executor.runs":
    case "executor.events":
      return policy.executorHours;
    case "public.delivery_events":
      return policy.deliveryEventsHours;
    case "public.outbox_messages":
      return policy.outboxHours;
    case "public.idempotency_keys":
      return policy.idempotencyHours;
  }
}

/**
 * Deletes at most `batchSize` rows of `table` older than `before` in one short statement, and
 * says how many went: a caller loops while a whole batch went. Each statement picks its rows
 * through an index in order of age and stops at the batch size, so it never scans history and
 * never holds many row locks at once; intake and delivery keep writing meanwhile.
 *
 * Executor runs go only once finished (completed, failed, cancelled): a sleeping or waiting run,
 * however old, is live work. Their steps, jobs and waits go with them (on delete cascade).
 * Delivery events have no index on their time (intake writes them hot): the batch walks the
 * oldest ids and deletes those that are old enough, stopping at the first young one, which is
 * right because ids grow with time.
 */
export async function pruneBatch(database: Database, table: PrunedTable, before: Date, batchSize: number): Promise<number> {
  const at = before.toISOString();
  const run = async (text: string) => (await database.query<{ n: number }>(text, [at, batchSize]))[0]?.n ?? 0;
  switch (table) {
    case "executor.runs":
      return run(`with gone as (
          delete from executor.runs where id in (
            select id from executor.runs
             where status in ('completed', 'failed', 'cancelled') and ended_at < $1::timestamptz
             order by ended_at limit $2)
          returning 1) select count(*)::int as n from gone`);
    case "executor.events":
      return run(`with gone as (
          delete from executor.events where id in (
            select id from executor.events where received_at < $1::timestamptz order by received_at limit $2)
          returning 1) select count(*)::int as n from gone`);
    case "public.delivery_events":
      return run(`with oldest as (
            select id, occurred_at from public.delivery_events order by id limit $2),
          cutoff as (
            select coalesce(min(id) filter (where occurred_at >= $1::timestamptz), max(id) + 1) as id from oldest),
          gone as (
            delete from public.delivery_events where id in (select o.id from oldest o, cutoff c where o.id < c.id)
            returning 1) select count(*)::int as n from gone`);
    case "public.outbox_messages":
      return run(`with gone as (
          delete from public.outbox_messages where id in (
            select id from public.outbox_messages where created_at < $1::timestamptz order by created_at limit $2)
          returning 1) select count(*)::int as n from gone`);
    case "public.idempotency_keys":
      return run(`with gone as (
          delete from public.idempotency_keys where key in (
            select key from public.idempotency_keys where created_at < $1::timestamptz order by created_at limit $2)
          returning 1) select count(*)::int as n from gone`);
  }
}
