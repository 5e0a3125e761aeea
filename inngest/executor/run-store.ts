import { randomUUID } from "node:crypto";
import type { RawTransaction } from "@/lib/db/client";
import { evaluateExpression, matchKeyOf } from "./expressions";
import { sleepUntil } from "./durations";
import type { FunctionConfig, InngestEvent } from "./types";

// Every state change of a run, each inside the caller's transaction so a crash leaves either the
// old state or the new one.

const TERMINAL = ["completed", "failed", "cancelled"];
export const isTerminal = (status: string) => TERMINAL.includes(status);

export type RunRow = {
  id: string;
  function_id: string;
  status: string;
  event: InngestEvent;
  events: InngestEvent[];
  stack: string[];
  attempt: number;
  concurrency_key: string | null;
  parent: { run_id: string; hash: string } | null;
};

/** A cancelOn or wait expression's index key, as the columns store it. */
function matchPaths(expression: string | null | undefined) {
  const key = matchKeyOf(expression);
  return { match_path: key?.asyncPath ?? null, event_path: key?.eventPath ?? null };
}

function keyFrom(expression: string | undefined, event: InngestEvent): string | null {
  if (!expression) return null;
  const value = evaluateExpression(expression, { event });
  return value === undefined || value === null ? null : typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Starts a run of `fn` for `events` (one, or a batch) and queues its first call. Returns null
 * when the function's idempotency key was already used in the last 24 hours.
 */
export async function createRun(
  tx: RawTransaction,
  fn: FunctionConfig,
  events: InngestEvent[],
  parent: { run_id: string; hash: string } | null = null,
): Promise<string | null> {
  const [id] = await createRuns(tx, [{ fn, events, parent }]);
  return id ?? null;
}

/**
 * Inngest's `priority.run`: an integer expression over the event, in seconds of "run as if
 * enqueued that much earlier", clamped to -600..600. Anything else (no expression, an error, not
 * a number) is 0.
 */
export function priorityOf(fn: FunctionConfig, event: InngestEvent): number {
  if (!fn.priority?.run) return 0;
  const value = evaluateExpression(fn.priority.run, { event });
  return typeof value === "number" && Number.isFinite(value) ? Math.max(-600, Math.min(600, Math.trunc(value))) : 0;
}

export type NewRun = { fn: FunctionConfig; events: InngestEvent[]; parent?: { run_id: string; hash: string } | null };

/**
 * Starts many runs at once, set-based: one statement resets expired idempotency keys (only when
 * some function has one), one inserts the runs with their cancelOn rows and first jobs. Answers
 * each run's id in input order, or null where its idempotency key was already used in the last
 * 24 hours (or earlier in the same batch).
 */
export async function createRuns(tx: RawTransaction, runs: NewRun[]): Promise<(string | null)[]> {
  if (runs.length === 0) return [];
  const rows = runs.map(({ fn, events, parent }, ord) => {
    const event = events[0]!;
    const concurrency = fn.concurrency?.[0];
    return {
      ord,
      id: randomUUID(),
      function_id: fn.id,
      event,
      events,
      idempotency_key: keyFrom(fn.idempotency, event),
      concurrency_key: concurrency ? (keyFrom(concurrency.key, event) ?? "") : null,
      priority: priorityOf(fn, event),
      parent: parent ?? null,
    };
  });
  const keyed = rows.filter((row) => row.idempotency_key !== null);
  if (keyed.length > 0) {
    // Inngest keeps idempotency keys for 24 h: an older run no longer holds its key.
    await tx.query(
      `update executor.runs r set idempotency_key = null
         from unnest($1::text[], $2::text[]) as k(function_id, key)
        where r.function_id = k.function_id and r.idempotency_key = k.key and r.created_at <= now() - interval '24 hours'`,
      [keyed.map((row) => row.function_id), keyed.map((row) => row.idempotency_key)],
    );
  }
  const cancellations = runs.flatMap(({ fn }, ord) =>
    (fn.cancel ?? []).map((cancel) => ({
      ord,
      event_name: cancel.event,
      condition: cancel.if ?? null,
      ...matchPaths(cancel.if),
      timeout_ms: cancel.timeout ? Math.max(0, sleepUntil(cancel.timeout) - Date.now()) : null,
    })),
  );
  // Timers are absolute, from the statement's own clock: now() is the transaction's start and
  // would make them fire early by however long the caller's transaction has been open.
  const inserted = await tx.query<{ id: string }>(
    `with input as (
       select * from jsonb_to_recordset($1::jsonb) as x(ord int, id uuid, function_id text, event jsonb, events jsonb,
                                                         idempotency_key text, concurrency_key text, priority int, parent jsonb)
     ), run as (
       insert into executor.runs (id, function_id, event, events, idempotency_key, concurrency_key, priority, parent)
       select id, function_id, event, events, idempotency_key, concurrency_key, priority, parent from input order by ord
       on conflict (function_id, idempotency_key) where idempotency_key is not null do nothing
       returning id, function_id, concurrency_key, priority
     ), c as (
       select * from jsonb_to_recordset($2::jsonb)
         as c(ord int, event_name text, condition text, timeout_ms float8, match_path text[], event_path text[])
     ), cancel as (
       insert into executor.cancellations (run_id, event_name, condition, expires_at, match_path, match_value)
       select input.id, c.event_name, c.condition, clock_timestamp() + c.timeout_ms * interval '1 millisecond',
              c.match_path, input.event #>> c.event_path
         from c join input on input.ord = c.ord join run on run.id = input.id
       on conflict do nothing
     ), path as (
       insert into executor.match_paths (event_name, match_path)
       select distinct event_name, match_path from c where match_path is not null
       on conflict do nothing
     ), job as (
       insert into executor.jobs (run_id, function_id, concurrency_key, kind, priority, run_at)
       select run.id, run.function_id, run.concurrency_key, 'call', run.priority, clock_timestamp() from run
     )
     select id from run`,
    [JSON.stringify(rows), JSON.stringify(cancellations)],
  );
  const created = new Set(inserted.map((row) => row.id));
  return rows.map((row) => (created.has(row.id) ? row.id : null));
}

/**
 * Queues a job of a run, due `delayMs` from the real clock (not from the transaction's start),
 * with the run's priority.
 */
export async function enqueue(
  tx: RawTransaction,
  runId: string,
  functionId: string,
  concurrencyKey: string | null,
  kind: "call" | "wake" | "wait-timeout",
  stepHash: string | null,
  delayMs: number,
): Promise<void> {
  await tx.query(
    `insert into executor.jobs (run_id, function_id, concurrency_key, kind, step_hash, priority, run_at)
     select $1, $2, $3, $4, $5, coalesce((select priority from executor.runs where id = $1), 0),
            clock_timestamp() + $6 * interval '1 millisecond'`,
    [runId, functionId, concurrencyKey, kind, stepHash, delayMs],
  );
}

export type StepRecord = {
  hash: string;
  stepId?: string | null;
  name?: string | null;
  op: string;
  result: { data: unknown } | { error: unknown };
  startedAt?: Date;
  error?: unknown;
};

/**
 * Memoizes a step's result and appends it to the run's completion stack. Returns false when
 * the step was already memoized (a duplicate delivery), in which case nothing changes.
 */
export async function memoizeStep(
  tx: Pick<RawTransaction, "query">,
  runId: string,
  step: StepRecord,
  lease?: { jobId: number; owner: string },
): Promise<boolean> {
  const result = JSON.stringify(step.result);
  // With a lease, the statement is its own transaction: it memoizes only while the job is
  // still ours, without a round trip for BEGIN, a lock and COMMIT on every step.
  const [row] = await tx.query<{ hash: string }>(
    `with memo as (
       insert into executor.steps as s (run_id, hash, step_id, name, op, result, output_bytes, error, started_at, ended_at)
       select $1, $2, $3, $4, $5, $6::jsonb, $7, $8::jsonb, coalesce($9, now()), now()
        where $10::bigint is null or exists (select 1 from executor.jobs where id = $10 and lease_owner = $11)
       on conflict (run_id, hash) do update
         set result = excluded.result, op = excluded.op, attempts = s.attempts + 1, output_bytes = excluded.output_bytes,
             error = coalesce(excluded.error, s.error), ended_at = excluded.ended_at,
             step_id = coalesce(s.step_id, excluded.step_id), name = coalesce(s.name, excluded.name),
             started_at = coalesce(s.started_at, excluded.started_at)
         where s.result is null
       returning hash
     )
     update executor.runs set stack = array_append(stack, memo.hash), attempt = 0, updated_at = now()
       from memo where executor.runs.id = $1
     returning memo.hash`,
    [
      runId, step.hash, step.stepId ?? null, step.name ?? null, step.op, result, Buffer.byteLength(result),
      step.error === undefined ? null : JSON.stringify(step.error), step.startedAt?.toISOString() ?? null,
      lease?.jobId ?? null, lease?.owner ?? null,
    ],
  );
  return Boolean(row);
}

/** Records a failed attempt of a step (not memoized: the SDK will run it again). */
export async function recordStepAttempt(
  tx: RawTransaction,
  runId: string,
  step: { hash: string; stepId?: string | null; name?: string | null; op: string; error: unknown; startedAt: Date },
): Promise<void> {
  await tx.query(
    `insert into executor.steps as s (run_id, hash, step_id, name, op, error, attempts, started_at, ended_at)
     values ($1, $2, $3, $4, $5, $6::jsonb, 1, $7, now())
     on conflict (run_id, hash) do update set attempts = s.attempts + 1, error = excluded.error, ended_at = now()
       where s.result is null`,
    [runId, step.hash, step.stepId ?? null, step.name ?? null, step.op, JSON.stringify(step.error), step.startedAt.toISOString()],
  );
}

/** Ends a run; resolves a parent waiting on it through step.invoke. */
export async function finishRun(
  tx: RawTransaction,
  run: Pick<RunRow, "id" | "parent">,
  outcome: { status: "completed"; output: unknown } | { status: "failed" | "cancelled"; error: unknown },
): Promise<void> {
  await tx.query(
    `update executor.runs set status = $2, output = $3::jsonb, error = $4::jsonb, ended_at = now(), updated_at = now()
      where id = $1 and status not in ('completed', 'failed', 'cancelled')`,
    [
      run.id,
      outcome.status,
      outcome.status === "completed" ? JSON.stringify(outcome.output ?? null) : null,
      outcome.status === "completed" ? null : JSON.stringify(outcome.error),
    ],
  );
  await tx.query(
    `with j as (delete from executor.jobs where run_id = $1), w as (delete from executor.waits where run_id = $1)
     delete from executor.cancellations where run_id = $1`,
    [run.id],
  );
  if (run.parent) {
    await tx.query("select id from executor.runs where id = $1 for update", [run.parent.run_id]);
    const [wait] = await tx.query("delete from executor.waits where run_id = $1 and hash = $2 returning run_id", [
      run.parent.run_id,
      run.parent.hash,
    ]);
    if (wait) {
      const result = outcome.status === "completed" ? { data: outcome.output ?? null } : { error: outcome.error };
      await resumeWith(tx, run.parent.run_id, { hash: run.parent.hash, op: "InvokeFunction", result });
    }
  }
}

/** Memoizes an async step's outcome (sleep, wait, invoke) and queues the next call of its run. */
export async function resumeWith(tx: RawTransaction, runId: string, step: StepRecord): Promise<void> {
  const [run] = await tx.query<{ function_id: string; concurrency_key: string | null; status: string }>(
    "select function_id, concurrency_key, status from executor.runs where id = $1 for update",
    [runId],
  );
  if (!run || isTerminal(run.status)) return;
  // The wait is over: its timeout has nothing left to do.
  await tx.query("delete from executor.jobs where run_id = $1 and kind = 'wait-timeout' and step_hash = $2", [runId, step.hash]);
  if (await memoizeStep(tx, runId, step)) {
    await continueIfIdle(tx, runId, run.function_id, run.concurrency_key, null);
  }
}

/**
 * Queues the next discovery call of a run unless other work of it is still pending (parallel
 * steps, sleeps, waits): the last of them to finish continues the run.
 */
export async function continueIfIdle(
  tx: RawTransaction,
  runId: string,
  functionId: string,
  concurrencyKey: string | null,
  exceptJobId: number | null,
): Promise<boolean> {
  const [pending] = await tx.query<{ n: number }>(
    `select (select count(*) from executor.jobs where run_id = $1 and id is distinct from $2)
          + (select count(*) from executor.waits where run_id = $1) as n`,
    [runId, exceptJobId],
  );
  if (Number(pending?.n ?? 0) > 0) return false;
  await tx.query("update executor.runs set status = 'queued', updated_at = now() where id = $1", [runId]);
  await enqueue(tx, runId, functionId, concurrencyKey, "call", null, 0);
  return true;
}
