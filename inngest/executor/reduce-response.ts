import { parseRetryAfter } from "@/lib/channels/provider-error";
import { retryDelayMs } from "./backoff";
import { sleepUntil } from "./durations";
import type { StepRecord } from "./run-store";
import type { OutgoingOp } from "./types";

// What one answer of the SDK means for a run, as data: the executor applies these changes in
// SQL (apply-changes.ts). Nothing here touches the database or the clock, so every case of the
// protocol is testable on its own.

/** What the serve handler answered: status, headers and the raw body. */
export type SdkResponse = { status: number; headers: Headers; body: string };

export type Memo = Record<string, { data: unknown } | { error: unknown }>;

/** A step's labels as the run history shows them. */
export type StepLabel = { stepId: string | null; name: string };

export type AttemptRecord = { hash: string; stepId?: string | null; name?: string | null; op: string; error: unknown; startedAt: Date };

/** The status a run is left in by the async work it waits on. */
export type ParkedStatus = "running" | "sleeping" | "waiting";

export type Change =
  /** The run is over: it returned `output`. */
  | { type: "finish-run"; output: unknown }
  /** The run is over and failed; its failure path (onFailure) runs. */
  | { type: "fail-run"; error: unknown }
  /**
   * A step's result. `onLease`: it ran inline during this call — memoized on the job's lease
   * alone (no transaction), after which the run is called again at once.
   */
  | { type: "memoize-step"; step: StepRecord; onLease: boolean }
  /** A failed attempt of a step that will run again. */
  | { type: "record-attempt"; step: AttemptRecord }
  /** The job is called again after `delayMs`, as attempt `attempt` (of step `stepHash`, or a discovery call). */
  | { type: "schedule-retry"; delayMs: number; stepHash: string | null; attempt: number; error?: unknown }
  /** The job that made this call is done. */
  | { type: "end-job" }
  /** A planned (parallel) step: a job of its own, due now. */
  | { type: "enqueue-step"; hash: string; status: ParkedStatus }
  /** A timer: the run wakes in `delayMs`. */
  | { type: "sleep"; hash: string; label: StepLabel; op: string; delayMs: number; status: ParkedStatus }
  /** A wait for an event matching `condition`, answered with null after `timeoutMs`. */
  | { type: "wait-for-event"; hash: string; label: StepLabel; op: string; event: string | undefined; condition: string | null; timeoutMs: number; status: ParkedStatus }
  /** A child run of `functionId`; its result answers the step, or an error after `timeoutMs`. */
  | { type: "invoke"; hash: string; label: StepLabel; op: string; functionId: string; data: Record<string, unknown>; timeoutMs: number; status: ParkedStatus }
  /**
   * Scheduling is done: `setStatus` leaves the run in the status its new async work implies;
   * if nothing of it is pending any more, its next call is queued.
   */
  | { type: "resume-when-idle"; setStatus: boolean };

export type ReduceContext = {
  /** The step this call asked to run (a planned step), or null for a discovery call. */
  stepHash: string | null;
  attempt: number;
  maxAttempts: number;
  /** The run's memoized steps, as sent with the call. */
  memo: Memo;
  /** When the call started: a step that ran in it started then. */
  startedAt: Date;
  /** Now, in epoch milliseconds: timers and Retry-After dates are relative to it. */
  now: number;
  backoffScale: number;
  random?: () => number;
};

// A function's own RetryAfterError is honoured as Inngest honours it: a retry schedule may ask
// for a day. (The one-hour cap is for what a provider's Retry-After header may impose.)
export const FUNCTION_RETRY_AFTER_MAX_MS = 7 * 24 * 60 * 60 * 1000;

const INVOKE_DEFAULT_TIMEOUT_MS = 365 * 86_400_000;

const isResult = (op: OutgoingOp) => op.op === "StepRun" || op.op === "StepFailed" || op.op === "Step";

const labelOf = (op: OutgoingOp, fallback: string): StepLabel => ({
  stepId: op.userland?.id ?? op.name ?? null,
  name: op.displayName ?? fallback,
});

/** A step result op as the record memoizeStep stores. */
export function stepRecordOf(op: OutgoingOp, startedAt: Date): StepRecord {
  const failed = op.op === "StepFailed";
  return {
    hash: op.id,
    stepId: op.userland?.id ?? op.name,
    name: op.displayName ?? op.name,
    op: op.op,
    result: failed ? { error: op.error } : { data: op.data ?? null },
    startedAt,
    error: failed ? op.error : undefined,
  };
}

/** The changes one SDK response asks for. */
export function reduceResponse(response: SdkResponse, ctx: ReduceContext): Change[] {
  const parsed = safeJson(response.body);
  const retryAfterMs = () => parseRetryAfter(response.headers.get("retry-after"), FUNCTION_RETRY_AFTER_MAX_MS, ctx.now);
  const delay = () => retryDelayMs(ctx.attempt, { scale: ctx.backoffScale, retryAfterMs: retryAfterMs(), random: ctx.random });

  if (response.status === 200) return [{ type: "finish-run", output: parsed }];

  if (response.status === 206 && Array.isArray(parsed)) {
    const ops = parsed as OutgoingOp[];
    const single = ops.length === 1 ? ops[0]! : null;
    if (single && isResult(single)) {
      const step = stepRecordOf(single, ctx.startedAt);
      // The common case: a step ran inline during a discovery call. Memoize and call again.
      if (ctx.stepHash === null) return [{ type: "memoize-step", step, onLease: true }];
      // A planned step finished: the run goes on once its sibling steps are done too.
      return [{ type: "memoize-step", step, onLease: false }, { type: "end-job" }, { type: "resume-when-idle", setStatus: false }];
    }
    if (single && single.op === "StepError") {
      return [
        {
          type: "record-attempt",
          step: {
            hash: single.id,
            stepId: single.userland?.id ?? single.name,
            name: single.displayName ?? single.name,
            op: "StepError",
            error: single.error,
            startedAt: ctx.startedAt,
          },
        },
        { type: "schedule-retry", delayMs: delay(), stepHash: single.id, attempt: ctx.attempt + 1 },
      ];
    }
    // Results that come with other ops (a checkpointed invocation handing back what it could
    // not checkpoint) are memoized first, in the same transaction as the rest.
    const results = ops.filter(isResult).map((op): Change => ({ type: "memoize-step", step: stepRecordOf(op, ctx.startedAt), onLease: false }));
    const complete = ops.find((op) => op.op === "RunComplete");
    if (complete) return [...results, { type: "finish-run", output: complete.data ?? null }];
    const changes: Change[] = [{ type: "end-job" }, ...results];
    for (const op of ops) {
      if (isResult(op) || ctx.memo[op.id]) continue;
      const change = scheduleOp(op, ctx.now);
      changes.push(change);
      // Nothing would ever continue this run: it fails, visibly and through the failure path.
      if (change.type === "fail-run") return changes;
    }
    changes.push({ type: "resume-when-idle", setStatus: true });
    return changes;
  }

  // The function threw (or the call failed). 400 / no-retry, or out of attempts, is final.
  const error = parsed ?? { name: "Error", message: response.body || `HTTP ${response.status}` };
  const noRetry = response.headers.get("x-inngest-no-retry") === "true";
  if (noRetry || response.status === 400 || ctx.attempt + 1 >= ctx.maxAttempts) return [{ type: "fail-run", error }];
  return [{ type: "schedule-retry", delayMs: delay(), stepHash: ctx.stepHash, attempt: ctx.attempt + 1, error }];
}

/** What an async op (a step that does not run in the function's process) schedules. */
function scheduleOp(op: OutgoingOp, now: number): Change {
  switch (op.op) {
    case "StepPlanned":
      return { type: "enqueue-step", hash: op.id, status: "running" };
    case "Sleep":
      return {
        type: "sleep",
        hash: op.id,
        label: labelOf(op, op.name ?? "sleep"),
        op: op.op,
        delayMs: Math.max(0, sleepUntil(op.name ?? "0s", now) - now),
        status: "sleeping",
      };
    case "WaitForEvent":
      return {
        type: "wait-for-event",
        hash: op.id,
        label: labelOf(op, op.name ?? "wait"),
        op: op.op,
        event: op.name,
        condition: (op.opts?.if as string | undefined) ?? null,
        timeoutMs: msUntil(String(op.opts?.timeout ?? "1d"), now),
        status: "waiting",
      };
    case "InvokeFunction": {
      const payload = (op.opts?.payload ?? {}) as { data?: Record<string, unknown> };
      return {
        type: "invoke",
        hash: op.id,
        label: labelOf(op, String(op.opts?.function_id ?? "invoke")),
        op: op.op,
        functionId: String(op.opts?.function_id),
        data: payload.data ?? {},
        timeoutMs: op.opts?.timeout ? msUntil(String(op.opts.timeout), now) : INVOKE_DEFAULT_TIMEOUT_MS,
        status: "waiting",
      };
    }
    default:
      return { type: "fail-run", error: { name: "UnsupportedOp", message: `The embedded executor does not support ${op.op}` } };
  }
}

/**
 * The steps a checkpointing invocation reports as it goes (`POST /v1/checkpoint/{run}/async`):
 * each finished step memoized on the job's lease. Anything but a step result is refused, so
 * the SDK hands it back in its response instead, where the executor handles every op.
 */
export function reduceCheckpoint(steps: OutgoingOp[], startedAt: Date): Change[] | { refused: string } {
  const other = steps.find((op) => !isResult(op) || op.op === "StepFailed");
  if (other) return { refused: `The embedded executor does not take ${other.op} in a checkpoint` };
  return steps.map((op) => ({ type: "memoize-step", step: stepRecordOf(op, startedAt), onLease: true }));
}

/** A timeout given as a duration ("1h") or a date (ISO): milliseconds from `now`. */
const msUntil = (value: string, now: number) => Math.max(0, sleepUntil(value, now) - now);

export function safeJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
