import { randomUUID } from "node:crypto";
import type { RawTransaction } from "@/lib/db/client";
import { evaluateExpression } from "./expressions";
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
  const event = events[0]!;
  const idempotencyKey = keyFrom(fn.idempotency, event);
  if (idempotencyKey) {
    // Inngest keeps idempotency keys for 24 h: an older run no longer holds its key.
    await tx.query(
      `update executor.runs set idempotency_key = null
        where function_id = $1 and idempotency_key = $2 and created_at <= now() - interval '24 hours'`,
      [fn.id, idempotencyKey],
    );
  }
  const concurrency = fn.concurrency?.[0];
  const concurrencyKey = concurrency ? (keyFrom(concurrency.key, event) ?? "") : null;
  const [run] = await tx.query<{ id: string }>(
    `insert into executor.runs (id, function_id, event, events, idempotency_key, concurrency_key, parent)
     values ($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7::jsonb)
     on conflict (function_id, idempotency_key) where idempotency_key is not null do nothing
     returning id`,
    [randomUUID(), fn.id, JSON.stringify(event), JSON.stringify(events), idempotencyKey, concurrencyKey, parent ? JSON.stringify(parent) : null],
  );
  if (!run) return null;
  for (const cancel of fn.cancel ?? []) {
    await tx.query(
      `insert into executor.cancellations (run_id, event_name, condition, expires_at)
       values ($1, $2, $3, now() + $4 * interval '1 millisecond') on conflict do nothing`,
      [run.id, cancel.event, cancel.if ?? null, cancel.timeout ? Math.max(0, sleepUntil(cancel.timeout) - Date.now()) : null],
    );
  }
  await enqueue(tx, run.id, fn.id, concurrencyKey, "call", null, 0);
  return run.id;
}

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
    `insert into executor.jobs (run_id, function_id, concurrency_key, kind, step_hash, run_at)
     values ($1, $2, $3, $4, $5, now() + $6 * interval '1 millisecond')`,
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
