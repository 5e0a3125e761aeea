import type { Database, RawTransaction } from "@/lib/db/client";
import { matchKeyOf } from "./expressions";
import { newEventId } from "./ingest-events";
import type { Change } from "./reduce-response";
import type { FunctionRegistry } from "./registry";
import { continueIfIdle, createRun, createRuns, enqueue, finishRun, memoizeStep, recordStepAttempt, type RunRow } from "./run-store";
import type { InngestEvent } from "./types";

// The changes a reduced SDK response asks for, applied in SQL: all of them in one transaction
// that holds the job's lease, except a step memoized on the lease alone (the hot path).

export type Job = {
  id: number;
  run_id: string;
  kind: "call" | "wake" | "wait-timeout";
  step_hash: string | null;
  function_id: string;
  concurrency_key: string | null;
  attempt: number;
  executor_errors: number;
};

export type ApplyScope = {
  database: Database;
  registry: FunctionRegistry;
  workerId: string;
  job: Pick<Job, "id">;
  run: RunRow;
};

/** Runs in a transaction only while this worker still holds the job's lease. */
export async function whileLeased<T>(scope: Pick<ApplyScope, "database" | "workerId" | "job">, fn: (tx: RawTransaction) => Promise<T>): Promise<T | undefined> {
  return scope.database.transaction(async (tx) => {
    const [held] = await tx.query("select id from executor.jobs where id = $1 and lease_owner = $2 for update", [scope.job.id, scope.workerId]);
    if (!held) return undefined;
    return fn(tx);
  });
}

/**
 * Applies `changes`. Answers "continue" when a step was memoized on the lease and the run is
 * to be called again at once; "stopped" otherwise (parked, finished, retrying, or the lease
 * went to another worker, which now drives the run).
 */
export async function applyChanges(scope: ApplyScope, changes: Change[]): Promise<"continue" | "stopped"> {
  const [first] = changes;
  if (first?.type === "memoize-step" && first.onLease) {
    let memoized = true;
    for (const change of changes) {
      if (change.type !== "memoize-step" || !change.onLease) throw new Error(`A step memoized on the lease cannot come with ${change.type}`);
      memoized = memoized && (await memoizeStep(scope.database, scope.run.id, change.step, { jobId: scope.job.id, owner: scope.workerId }));
    }
    return memoized ? "continue" : "stopped";
  }
  if (changes.length === 1 && first?.type === "finish-run" && !scope.run.parent) {
    await finishOnLease(scope, first.output);
    return "stopped";
  }
  await whileLeased(scope, async (tx) => {
    // Run row first, as event ingestion does, when the run's pending work changes.
    if (changes.some((c) => c.type === "end-job" || c.type === "memoize-step")) {
      await tx.query("select id from executor.runs where id = $1 for update", [scope.run.id]);
    }
    let status: string = "running";
    for (const change of changes) {
      const next = await applyChange(tx, scope, change);
      if (next === "stop") return;
      status = next ?? status;
      if (change.type === "resume-when-idle") {
        if (change.setStatus) await tx.query("update executor.runs set status = $2, updated_at = now() where id = $1", [scope.run.id, status]);
        // Ops already satisfied (or resolved at once) leave nothing pending: go on.
        await continueIfIdle(tx, scope.run.id, scope.run.function_id, scope.run.concurrency_key, null);
      }
    }
  });
  return "stopped";
}

/**
 * The common end of a run (completed, no parent waiting on it) in one statement, on the lease:
 * what finishRun does in a leased transaction, without the round trips for BEGIN, the lock
 * and COMMIT.
 */
async function finishOnLease(scope: ApplyScope, output: unknown): Promise<void> {
  await scope.database.query(
    `with held as (
       select id from executor.jobs where id = $2 and lease_owner = $3 for update
     ), run as (
       update executor.runs set status = 'completed', output = $4::jsonb, error = null, ended_at = now(), updated_at = now()
        where id = $1 and status not in ('completed', 'failed', 'cancelled') and exists (select 1 from held)
     ), j as (
       delete from executor.jobs where run_id = $1 and exists (select 1 from held)
     ), w as (
       delete from executor.waits where run_id = $1 and exists (select 1 from held)
     )
     delete from executor.cancellations where run_id = $1 and exists (select 1 from held)`,
    [scope.run.id, scope.job.id, scope.workerId, JSON.stringify(output ?? null)],
  );
}

/** One change inside the leased transaction; answers the run status scheduled work implies. */
async function applyChange(tx: RawTransaction, scope: ApplyScope, change: Change): Promise<string | "stop" | undefined> {
  const { run } = scope;
  switch (change.type) {
    case "finish-run":
      await finishRun(tx, run, { status: "completed", output: change.output });
      return "stop";
    case "fail-run":
      await finishRun(tx, run, { status: "failed", error: change.error });
      await emitFailure(tx, scope.registry, run, change.error);
      return "stop";
    case "memoize-step":
      await memoizeStep(tx, run.id, change.step);
      return undefined;
    case "record-attempt":
      await recordStepAttempt(tx, run.id, change.step);
      return undefined;
    case "schedule-retry":
      if (change.error === undefined) {
        await tx.query("update executor.runs set attempt = $2, updated_at = now() where id = $1", [run.id, change.attempt]);
      } else {
        await tx.query("update executor.runs set attempt = $3, error = $2::jsonb, updated_at = now() where id = $1", [
          run.id,
          JSON.stringify(change.error),
          change.attempt,
        ]);
      }
      await tx.query(
        `update executor.jobs set lease_owner = null, lease_until = null, admitted = false, step_hash = $2, attempt = $4,
                executor_errors = 0, run_at = clock_timestamp() + $3 * interval '1 millisecond' where id = $1`,
        [scope.job.id, change.stepHash, change.delayMs, change.attempt],
      );
      return undefined;
    case "end-job":
      await tx.query("delete from executor.jobs where id = $1", [scope.job.id]);
      return undefined;
    case "resume-when-idle":
      return undefined;
    default:
      return schedule(tx, scope, change);
  }
}

type Scheduling = Extract<Change, { type: "enqueue-step" | "sleep" | "wait-for-event" | "invoke" }>;

/** Schedules what an async op asks for, unless it already is; answers the status it implies. */
async function schedule(tx: RawTransaction, scope: ApplyScope, change: Scheduling): Promise<string | undefined> {
  const { run } = scope;
  const already = await tx.query(
    "select 1 from executor.jobs where run_id = $1 and step_hash = $2 union all select 1 from executor.waits where run_id = $1 and hash = $2",
    [run.id, change.hash],
  );
  if (already.length > 0) return undefined;
  if (change.type === "enqueue-step") {
    await enqueue(tx, run.id, run.function_id, run.concurrency_key, "call", change.hash, 0);
    return change.status;
  }
  await tx.query(
    `insert into executor.steps (run_id, hash, step_id, name, op, started_at) values ($1, $2, $3, $4, $5, now())
     on conflict (run_id, hash) do nothing`,
    [run.id, change.hash, change.label.stepId, change.label.name, change.op],
  );
  switch (change.type) {
    case "sleep":
      await enqueue(tx, run.id, run.function_id, run.concurrency_key, "wake", change.hash, change.delayMs);
      return change.status;
    case "wait-for-event": {
      const key = matchKeyOf(change.condition);
      // The match key (when the expression has one) is what finds this wait when events come.
      await tx.query(
        `with path as (
           insert into executor.match_paths (event_name, match_path) select $3, $6::text[] where $6::text[] is not null
           on conflict do nothing
         )
         insert into executor.waits (run_id, hash, kind, event_name, condition, expires_at, match_path, match_value)
         values ($1, $2, 'event', $3, $4, clock_timestamp() + $5 * interval '1 millisecond', $6::text[],
                 (select event #>> $7::text[] from executor.runs where id = $1))`,
        [run.id, change.hash, change.event, change.condition, change.timeoutMs, key?.asyncPath ?? null, key?.eventPath ?? null],
      );
      await enqueue(tx, run.id, run.function_id, run.concurrency_key, "wait-timeout", change.hash, change.timeoutMs);
      return change.status;
    }
    case "invoke": {
      const target = scope.registry.get(change.functionId);
      await tx.query(
        `insert into executor.waits (run_id, hash, kind, event_name, expires_at)
         values ($1, $2, 'invoke', $3, clock_timestamp() + $4 * interval '1 millisecond')`,
        [run.id, change.hash, change.functionId, change.timeoutMs],
      );
      await enqueue(tx, run.id, run.function_id, run.concurrency_key, "wait-timeout", change.hash, change.timeoutMs);
      const event: InngestEvent = { name: "inngest/function.invoked", data: change.data, id: newEventId(), ts: Date.now() };
      const child = target ? await createRun(tx, target, [event], { run_id: run.id, hash: change.hash }) : null;
      if (!child) {
        // No such function, or its idempotency key already ran: answer the invoke at once.
        await tx.query("delete from executor.waits where run_id = $1 and hash = $2", [run.id, change.hash]);
        await tx.query("delete from executor.jobs where run_id = $1 and kind = 'wait-timeout' and step_hash = $2", [run.id, change.hash]);
        const message = target ? "The invoked function's idempotency key was already used" : `No function ${change.functionId}`;
        await memoizeStep(tx, run.id, { hash: change.hash, op: change.op, result: { error: { name: "Error", message } } });
        return undefined;
      }
      return change.status;
    }
  }
}

/** onFailure handlers are functions triggered by `inngest/function.failed`. */
export async function emitFailure(tx: RawTransaction, registry: FunctionRegistry, run: RunRow, error: unknown): Promise<void> {
  const event: InngestEvent = {
    name: "inngest/function.failed",
    id: newEventId(),
    ts: Date.now(),
    data: { function_id: run.function_id, run_id: run.id, error, event: run.event },
  };
  await createRuns(tx, registry.triggeredBy(event).map((fn) => ({ fn, events: [event] })));
}
