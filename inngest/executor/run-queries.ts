import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { executeRows } from "@/lib/db/execute-rows";
import { executorRuns, executorSteps, type ExecutorRun, type ExecutorStep } from "./schema";

export type RunFilter = { functionId?: string; status?: ExecutorRun["status"]; limit?: number; before?: Date };

/** Runs newest first, for the admin dashboard. */
export async function listRuns(db: Db, filter: RunFilter = {}): Promise<ExecutorRun[]> {
  const where: SQL[] = [];
  if (filter.functionId) where.push(eq(executorRuns.functionId, filter.functionId));
  if (filter.status) where.push(eq(executorRuns.status, filter.status));
  if (filter.before) where.push(sql`${executorRuns.createdAt} < ${filter.before.toISOString()}::timestamptz`);
  return db
    .select()
    .from(executorRuns)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(executorRuns.createdAt), desc(executorRuns.id))
    .limit(Math.min(filter.limit ?? 50, 200));
}

export type RunDetail = ExecutorRun & {
  steps: (ExecutorStep & { durationMs: number | null })[];
};

/** One run with each step: timing, attempts, output size and last error. */
export async function getRun(db: Db, id: string): Promise<RunDetail | null> {
  const [run] = await db.select().from(executorRuns).where(eq(executorRuns.id, id));
  if (!run) return null;
  const steps = await db
    .select()
    .from(executorSteps)
    .where(eq(executorSteps.runId, id))
    .orderBy(asc(executorSteps.startedAt), asc(executorSteps.hash));
  return {
    ...run,
    steps: steps.map((step) => ({
      ...step,
      durationMs: step.startedAt && step.endedAt ? step.endedAt.getTime() - step.startedAt.getTime() : null,
    })),
  };
}

export type QueueStats = { depth: number; lagMs: number; leased: number; waiting: number; sleeping: number };

type QueueStatsRow = { depth: number; lag_ms: number | null; leased: number; waiting: number; sleeping: number };

/** Queue depth (due, unclaimed jobs), lag (age of the oldest of them) and parked runs, for metrics. */
export async function queueStats(db: Db): Promise<QueueStats> {
  const rows = await executeRows<QueueStatsRow>(
    db,
    sql`
      select due.depth, due.lag_ms,
        (select count(*)::int from executor.jobs where lease_until >= now()) as leased,
        (select count(*)::int from executor.runs where status = 'waiting') as waiting,
        (select count(*)::int from executor.runs where status = 'sleeping') as sleeping
      from (
        select count(*)::int as depth, (extract(epoch from now() - min(run_at)) * 1000)::float8 as lag_ms
          from executor.jobs where run_at <= now() and (lease_until is null or lease_until < now())
      ) due`,
  );
  const row = rows[0]!;
  return { depth: row.depth, lagMs: Math.max(0, Math.round(row.lag_ms ?? 0)), leased: row.leased, waiting: row.waiting, sleeping: row.sleeping };
}

/**
 * How late each scheduled function is: the age of its oldest due, unstarted job, or how far its
 * next firing is overdue — 0 when it runs on time. The sweeper's figure is the one to alert on:
 * it is what rescues notifications whose run never started.
 */
export async function scheduledLag(db: Db): Promise<{ functionId: string; lagMs: number }[]> {
  const rows = await executeRows<{ function_id: string; lag_ms: number }>(
    db,
    sql`
      select c.function_id,
             greatest(0, extract(epoch from now() - least(c.next_at, coalesce(j.oldest, c.next_at))) * 1000)::float8 as lag_ms
        from executor.crons c
        left join (select function_id, min(run_at) as oldest from executor.jobs
                    where run_at <= now() and (lease_until is null or lease_until < now()) group by 1) j
          on j.function_id = c.function_id
       order by 1`,
  );
  return rows.map((r) => ({ functionId: r.function_id, lagMs: Math.round(Number(r.lag_ms)) }));
}

export type LiveWorker = { id: string; kind: "web" | "worker"; startedAt: Date; seenAt: Date };

/** The executors running on this database (web and worker processes), seen within `liveMs`. */
export async function liveWorkers(db: Db, liveMs = 30_000): Promise<LiveWorker[]> {
  const rows = await executeRows<{ id: string; kind: "web" | "worker"; started_at: string | Date; seen_at: string | Date }>(
    db,
    sql`select id, kind, started_at, seen_at from executor.workers
         where seen_at > now() - ${liveMs} * interval '1 millisecond' order by started_at, id`,
  );
  return rows.map((r) => ({ id: r.id, kind: r.kind, startedAt: new Date(r.started_at), seenAt: new Date(r.seen_at) }));
}
