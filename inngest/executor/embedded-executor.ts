import { createHash, randomUUID } from "node:crypto";
import os from "node:os";
import type { Database, RawTransaction } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { parseRetryAfter } from "@/lib/channels/provider-error";
import { isConnectionError } from "@/lib/db/is-connection-error";
import { executorRetryDelayMs, retryDelayMs } from "./backoff";
import { nextCronTime } from "./cron";
import { sleepUntil } from "./durations";
import { matchKeyOf } from "./expressions";
import { ingestEvents, newEventId } from "./ingest-events";
import { FunctionRegistry, syncFunctions } from "./registry";
import { WorkerPool, type ClaimResult } from "./worker-pool";
import { signedJson } from "./sign-request";
import {
  continueIfIdle,
  createRun,
  createRuns,
  enqueue,
  finishRun,
  isTerminal,
  memoizeStep,
  recordStepAttempt,
  type RunRow,
} from "./run-store";
import type { InngestEvent, OutgoingOp } from "./types";

export type ServeHandler = (req: Request) => Promise<Response>;

export type EmbeddedExecutorOptions = {
  database: Database;
  /** The app's serve endpoint (`serve()` from inngest/next), called in-process. */
  handler: ServeHandler;
  /** The URL the endpoint is known by; only used to build requests. */
  serveUrl?: string;
  /** Parallel calls per process. */
  concurrency?: number;
  /** How long a claimed job stays ours without a heartbeat before another process may take it. */
  leaseMs?: number;
  /** Longest idle wait between polls; NOTIFY wakes workers sooner. */
  pollMs?: number;
  /** Multiplies Inngest's retry schedule (tests make it tiny). */
  backoffScale?: number;
  /** The serve endpoint's signing key; calls are signed with it as Inngest signs them. */
  signingKey?: string;
  workerId?: string;
  /** What runs it, as health lists it: a web process, or a worker process (`npm run worker`). */
  kind?: "web" | "worker";
  /** False: events are taken in (intake), but this process claims no work (HERALD_EXECUTOR=off). */
  work?: boolean;
};

// How often a running executor renews its row in executor.workers, and how stale a row may be
// before it no longer counts as live.
const WORKER_HEARTBEAT_MS = 5_000;
export const WORKER_LIVE_MS = 30_000;

type Job = {
  id: number;
  run_id: string;
  kind: "call" | "wake" | "wait-timeout";
  step_hash: string | null;
  function_id: string;
  concurrency_key: string | null;
  attempt: number;
  executor_errors: number;
};

type Memo = Record<string, { data: unknown } | { error: unknown }>;

// A function's own RetryAfterError is honoured as Inngest honours it: a retry schedule may ask
// for a day. (The one-hour cap is for what a provider's Retry-After header may impose.)
const FUNCTION_RETRY_AFTER_MAX_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Runs Inngest functions inside Herald, with all state in Postgres: it speaks the SDK's HTTP
 * call protocol to the app's own serve endpoint, memoizes each step, owns timers, waits and
 * retries, and claims work with leases so that any process on the same database can finish
 * what a dead one started.
 */
export class EmbeddedExecutor {
  readonly workerId: string;
  private registry = new FunctionRegistry([]);
  private readonly database: Database;
  private readonly handler: ServeHandler;
  private readonly serveUrl: string;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly backoffScale: number;
  private readonly signingKey: string | undefined;
  private running = false;
  private pool: WorkerPool<Job> | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private cronTimer: NodeJS.Timeout | null = null;
  private workerTimer: NodeJS.Timeout | null = null;
  readonly kind: "web" | "worker";
  private readonly work: boolean;

  constructor(options: EmbeddedExecutorOptions) {
    this.database = options.database;
    this.handler = options.handler;
    this.serveUrl = options.serveUrl ?? "http://127.0.0.1/api/inngest";
    this.concurrency = options.concurrency ?? 8;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.backoffScale = options.backoffScale ?? 1;
    this.signingKey = options.signingKey;
    this.workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.kind = options.kind ?? "web";
    this.work = options.work ?? true;
  }

  get functions() {
    return this.registry.functions;
  }

  /**
   * Reads the function configs from the endpoint and seeds each cron schedule's first due time.
   * Needed before events flow.
   */
  async sync(): Promise<void> {
    const functions = await syncFunctions(this.handler, this.serveUrl, this.signingKey);
    for (const fn of functions) {
      const unsupported = (["throttle", "rateLimit", "debounce", "batchEvents"] as const).filter((k) => fn[k]);
      if (unsupported.length > 0 || (fn.concurrency?.length ?? 0) > 1) {
        logger.warn("executor: flow control the embedded executor does not enforce", {
          functionId: fn.id,
          options: [...unsupported, ...((fn.concurrency?.length ?? 0) > 1 ? ["concurrency[1]"] : [])],
        });
      }
    }
    this.registry = new FunctionRegistry(functions);
    const crons = this.registry.crons();
    if (crons.length === 0) return;
    // A schedule another process already seeded keeps its due time: that is what makes it fire once.
    await this.database.transaction(async (tx) => {
      for (const { fn, schedule } of crons) {
        await tx.query("insert into executor.crons (function_id, schedule, next_at) values ($1, $2, $3) on conflict do nothing", [
          fn.id,
          schedule,
          nextCronTime(schedule, new Date()).toISOString(),
        ]);
      }
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    if (this.registry.functions.length === 0) await this.sync();
    // Intake only: events sent from this process are still taken in; other processes run them.
    if (!this.work) return;
    this.running = true;
    await this.seen();
    this.workerTimer = setInterval(() => void this.seen().catch(() => {}), WORKER_HEARTBEAT_MS);
    this.workerTimer.unref();
    // A lane of its own for scheduled housekeeping (the sweeper above all): a delivery backlog
    // must not hold up the function that rescues notifications stuck behind it.
    const scheduled = [...new Set(this.registry.crons().map(({ fn }) => fn.id))];
    this.pool = new WorkerPool<Job>({
      lanes: [{ name: "work", slots: this.concurrency }, ...(scheduled.length > 0 ? [{ name: "scheduled", slots: 1, functions: scheduled }] : [])],
      claim: (limit, functions) => this.claim(limit, functions),
      run: (job) => this.runJob(job),
      heartbeat: (jobs) => this.heartbeat(jobs),
      heartbeatMs: Math.max(50, Math.floor(this.leaseMs / 3)),
      pollMs: this.pollMs,
    });
    const pool = this.pool;
    this.unlisten = await this.database.listen("executor_jobs", () => pool.wake());
    pool.start();
    this.scheduleCrons();
  }

  /**
   * Stops taking work, lets in-flight calls finish (up to `graceMs`), then hands back anything
   * still leased so another process can take it at once instead of waiting for the lease.
   */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.cronTimer) clearTimeout(this.cronTimer);
    if (this.workerTimer) clearInterval(this.workerTimer);
    await this.pool?.stop(graceMs);
    await this.database.query("delete from executor.workers where id = $1", [this.workerId]).catch(() => {});
    await this.unlisten?.().catch(() => {});
    await this.database
      .query("update executor.jobs set lease_owner = null, lease_until = null, admitted = false where lease_owner = $1", [this.workerId])
      .catch(() => {});
    // Other processes are idle-waiting on a poll: wake them for what was just handed back.
    await this.database.query("select pg_notify('executor_jobs', '')").catch(() => {});
  }

  /** This executor's row in executor.workers: created at start, renewed while it runs. */
  private async seen(): Promise<void> {
    await this.database.query(
      `insert into executor.workers (id, kind) values ($1, $2)
       on conflict (id) do update set seen_at = now()`,
      [this.workerId, this.kind],
    );
  }

  /** Events in, as the SDK sends them (`inngest.send`, `step.sendEvent`). */
  send(events: InngestEvent[]): Promise<string[]> {
    return ingestEvents(this.database, this.registry, events);
  }

  /**
   * A `fetch` for the Inngest client: the SDK's event API calls (`POST …/e/<key>`) land here
   * instead of on a network. Anything else the SDK might ask for is refused loudly.
   */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (request.method === "POST" && /\/e\/[^/]+$/.test(url.pathname)) {
      const body = (await request.json()) as InngestEvent | InngestEvent[];
      const ids = await this.send(Array.isArray(body) ? body : [body]);
      return Response.json({ ids, status: 200 });
    }
    return Response.json({ error: `The embedded executor does not serve ${request.method} ${url.pathname}` }, { status: 404 });
  };

  /** One job, start to finish; an error of the executor's own is retried on its own backoff. */
  private async runJob(job: Job): Promise<void> {
    try {
      if (!(await this.admit(job))) return;
      await this.process(job);
    } catch (error) {
      // If even this fails, the lease lapses and the job is claimed again: nothing is lost.
      await this.executorError(job, error).catch(() => {});
    }
  }

  /**
   * Up to `limit` due jobs (of `functions`, when given) leased to this worker in one statement,
   * and how long until the next one is due — the claimer's idle wait, without a second query.
   * Highest priority first: `sort_at` is the due time moved earlier by the run's priority.
   */
  private async claim(limit: number, functions?: string[]): Promise<ClaimResult<Job>> {
    const [row] = await this.database.query<{ jobs: Job[] | null; next_ms: number | null }>(
      `with next as (
         select id from executor.jobs
          where sort_at <= now() and run_at <= now() and (lease_until is null or lease_until < now())
            and ($3::text[] is null or function_id = any($3::text[]))
          order by sort_at, id limit $4 for update skip locked
       ), claimed as (
         update executor.jobs j set lease_owner = $1, lease_until = clock_timestamp() + $2 * interval '1 millisecond', admitted = false
           from next where j.id = next.id
         returning j.id, j.run_id, j.kind, j.step_hash, j.function_id, j.concurrency_key, j.attempt, j.executor_errors
       )
       select (select json_agg(c order by c.id) from claimed c) as jobs,
              (select extract(epoch from (min(greatest(run_at, sort_at)) - now())) * 1000 from executor.jobs
                where (lease_until is null or lease_until < now()) and ($3::text[] is null or function_id = any($3::text[]))
                  and id not in (select id from next))::float8 as next_ms`,
      [this.workerId, this.leaseMs, functions ?? null, limit],
    );
    return { jobs: row?.jobs ?? [], nextMs: row?.next_ms == null ? null : Number(row.next_ms) };
  }

  /** Renews every in-flight lease of this process in one statement. */
  private async heartbeat(jobs: Job[]): Promise<void> {
    await this.database.query(
      "update executor.jobs set lease_until = clock_timestamp() + $3 * interval '1 millisecond' where id = any($1::bigint[]) and lease_owner = $2",
      [jobs.map((job) => job.id), this.workerId, this.leaseMs],
    );
  }

  /** A job of a function with a concurrency limit starts only when its key has a free slot. */
  private async admit(job: Job): Promise<boolean> {
    const limit = this.registry.get(job.function_id)?.concurrency?.[0]?.limit;
    if (!limit) return true;
    return this.database.transaction(async (tx) => {
      await tx.query("select pg_advisory_xact_lock(hashtext($1))", [`${job.function_id}|${job.concurrency_key ?? ""}`]);
      const [busy] = await tx.query<{ n: number }>(
        `select count(*)::int as n from executor.jobs
          where function_id = $1 and concurrency_key is not distinct from $2 and admitted and lease_until > now() and id <> $3`,
        [job.function_id, job.concurrency_key, job.id],
      );
      if ((busy?.n ?? 0) >= limit) {
        // Full: put it back a little later; a finishing job will wake the workers anyway.
        await tx.query(
          "update executor.jobs set lease_owner = null, lease_until = null, run_at = clock_timestamp() + interval '50 milliseconds' where id = $1",
          [job.id],
        );
        return false;
      }
      await tx.query("update executor.jobs set admitted = true where id = $1", [job.id]);
      return true;
    });
  }

  /**
   * Something failed in the executor itself (the database went away, a malformed option). That
   * is not the function's fault: the job is retried on its own backoff for as long as it takes,
   * without using up the function's attempts, and the run is never failed from here — a run
   * only fails through the function's own failure path, where its onFailure handler runs.
   */
  private async executorError(job: Job, error: unknown) {
    const log = isConnectionError(error) ? logger.warn : logger.error;
    log("executor: a job failed on the executor's side; it will be retried", { error, runId: job.run_id, executorErrors: job.executor_errors + 1 });
    await this.database.query(
      `update executor.jobs set lease_owner = null, lease_until = null, admitted = false, executor_errors = executor_errors + 1,
              run_at = clock_timestamp() + $3 * interval '1 millisecond' where id = $1 and lease_owner = $2`,
      [job.id, this.workerId, executorRetryDelayMs(job.executor_errors, { scale: this.backoffScale })],
    );
  }

  /** Runs in a transaction only while this worker still holds the job's lease. */
  private async whileLeased<T>(job: Job, fn: (tx: RawTransaction) => Promise<T>): Promise<T | undefined> {
    return this.database.transaction(async (tx) => {
      const [held] = await tx.query("select id from executor.jobs where id = $1 and lease_owner = $2 for update", [job.id, this.workerId]);
      if (!held) return undefined;
      return fn(tx);
    });
  }

  private async process(job: Job): Promise<void> {
    if (job.kind === "wake" || job.kind === "wait-timeout") return this.fireTimer(job);
    const [run] = await this.database.query<RunRow & { memo: Memo }>(
      `select id, function_id, status, event, events, stack, attempt, concurrency_key, parent,
              coalesce((select jsonb_object_agg(hash, result) from executor.steps
                         where run_id = r.id and result is not null), '{}'::jsonb) as memo
         from executor.runs r where id = $1`,
      [job.run_id],
    );
    if (!run || isTerminal(run.status)) {
      await this.database.query("delete from executor.jobs where id = $1", [job.id]);
      return;
    }
    await this.callLoop(job, run);
  }

  /** A sleep ended or a wait timed out: memoize it and let the run go on. Needs no step results. */
  private async fireTimer(job: Job): Promise<void> {
    await this.database.transaction(async (tx) => {
      // Run row first, as event ingestion does, so a timeout racing its event cannot deadlock.
      const [run] = await tx.query<Pick<RunRow, "id" | "function_id" | "concurrency_key" | "status">>(
        "select id, function_id, concurrency_key, status from executor.runs where id = $1 for update",
        [job.run_id],
      );
      const [held] = await tx.query("select id from executor.jobs where id = $1 and lease_owner = $2 for update", [job.id, this.workerId]);
      if (!held) return;
      if (!run || isTerminal(run.status)) return tx.query("delete from executor.jobs where id = $1", [job.id]);
      if (job.kind === "wait-timeout") {
        const [wait] = await tx.query("delete from executor.waits where run_id = $1 and hash = $2 returning hash", [run.id, job.step_hash]);
        // Already resolved by an event (or the child run): this timeout has nothing to do.
        if (!wait) return tx.query("delete from executor.jobs where id = $1", [job.id]);
      }
      const op = job.kind === "wake" ? "Sleep" : "WaitForEvent";
      await memoizeStep(tx, run.id, { hash: job.step_hash!, op, result: { data: null } });
      await tx.query("delete from executor.jobs where id = $1", [job.id]);
      return continueIfIdle(tx, run.id, run.function_id, run.concurrency_key, null);
    });
  }

  /**
   * Calls the function until it parks (sleep, wait, parallel plan), ends, or needs a retry. A
   * step that ran inline is memoized and the next call made at once, on the same lease.
   */
  private async callLoop(job: Job, run: RunRow & { memo: Memo }): Promise<void> {
    const memo = run.memo;
    let stack = run.stack;
    let attempt = job.attempt;
    const maxAttempts = this.registry.maxAttempts(run.function_id);
    if (run.status !== "running") {
      await this.database.query(
        "update executor.runs set status = 'running', started_at = coalesce(started_at, now()), updated_at = now() where id = $1",
        [run.id],
      );
    }
    for (;;) {
      const startedAt = new Date();
      const response = await this.call(run, job.step_hash, { memo, stack, attempt, maxAttempts });
      const outcome = await this.apply(job, run, response, { attempt, maxAttempts, startedAt, memo });
      if (outcome.type !== "continue") return;
      memo[outcome.hash] = outcome.result;
      stack = [...stack, outcome.hash];
      attempt = 0;
    }
  }

  private async call(run: RunRow, stepHash: string | null, state: { memo: Memo; stack: string[]; attempt: number; maxAttempts: number }) {
    const url = new URL(this.serveUrl);
    url.searchParams.set("fnId", run.function_id);
    url.searchParams.set("stepId", stepHash ?? "step");
    const body = {
      version: 2,
      event: run.event,
      events: run.events,
      steps: state.memo,
      ctx: {
        run_id: run.id,
        attempt: state.attempt,
        max_attempts: state.maxAttempts,
        // All planned work of a run finishes before it is called again, so the SDK may run a
        // lone next step inline. fn_id is left out: it would switch on checkpointing, which
        // needs Inngest's server API.
        disable_immediate_execution: false,
        use_api: false,
        stack: { stack: state.stack, current: state.stack.length - 1 },
      },
    };
    try {
      const signed = signedJson(body, this.signingKey);
      const response = await this.handler(new Request(url, { method: "POST", headers: signed.headers, body: signed.body }));
      return { status: response.status, headers: response.headers, body: await response.text() };
    } catch (error) {
      // The handler itself blew up (not the function): retriable like a network error.
      return { status: 599, headers: new Headers(), body: JSON.stringify({ name: "ExecutorCallError", message: String(error) }) };
    }
  }

  private async apply(
    job: Job,
    run: RunRow,
    response: { status: number; headers: Headers; body: string },
    ctx: { attempt: number; maxAttempts: number; startedAt: Date; memo: Memo },
  ): Promise<{ type: "continue"; hash: string; result: Memo[string] } | { type: "parked" }> {
    const parsed = safeJson(response.body);
    const noRetry = response.headers.get("x-inngest-no-retry") === "true";

    if (response.status === 200) {
      await this.whileLeased(job, (tx) => finishRun(tx, run, { status: "completed", output: parsed }));
      return { type: "parked" };
    }

    if (response.status === 206 && Array.isArray(parsed)) {
      const ops = parsed as OutgoingOp[];
      const single = ops.length === 1 ? ops[0]! : null;
      if (single && (single.op === "StepRun" || single.op === "StepFailed" || single.op === "Step")) {
        const result = single.op === "StepFailed" ? { error: single.error } : { data: single.data ?? null };
        const record = {
          hash: single.id,
          stepId: single.userland?.id ?? single.name,
          name: single.displayName ?? single.name,
          op: single.op,
          result,
          startedAt: ctx.startedAt,
          error: single.op === "StepFailed" ? single.error : undefined,
        };
        if (job.step_hash === null) {
          // The common case: a step ran inline during a discovery call. Memoize and go on.
          // False means the lease went to another worker (which now drives the run): stop here.
          const memoized = await memoizeStep(this.database, run.id, record, { jobId: job.id, owner: this.workerId });
          return memoized ? { type: "continue", hash: single.id, result } : { type: "parked" };
        }
        // A planned step finished: the run goes on once its sibling steps are done too.
        await this.whileLeased(job, async (tx) => {
          await tx.query("select id from executor.runs where id = $1 for update", [run.id]);
          await memoizeStep(tx, run.id, record);
          await tx.query("delete from executor.jobs where id = $1", [job.id]);
          await continueIfIdle(tx, run.id, run.function_id, run.concurrency_key, job.id);
        });
        return { type: "parked" };
      }
      if (single && single.op === "StepError") {
        const delay = retryDelayMs(ctx.attempt, {
          scale: this.backoffScale,
          retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), FUNCTION_RETRY_AFTER_MAX_MS),
        });
        await this.whileLeased(job, async (tx) => {
          await recordStepAttempt(tx, run.id, {
            hash: single.id,
            stepId: single.userland?.id ?? single.name,
            name: single.displayName ?? single.name,
            op: "StepError",
            error: single.error,
            startedAt: ctx.startedAt,
          });
          await tx.query("update executor.runs set attempt = $2, updated_at = now() where id = $1", [run.id, ctx.attempt + 1]);
          await this.retryJob(tx, job, delay, single.id, ctx.attempt + 1);
        });
        return { type: "parked" };
      }
      const complete = ops.find((op) => op.op === "RunComplete");
      if (complete) {
        await this.whileLeased(job, (tx) => finishRun(tx, run, { status: "completed", output: complete.data ?? null }));
        return { type: "parked" };
      }
      await this.whileLeased(job, async (tx) => {
        await tx.query("select id from executor.runs where id = $1 for update", [run.id]);
        await tx.query("delete from executor.jobs where id = $1", [job.id]);
        let status = "running";
        for (const op of ops) {
          const next = await this.park(tx, run, op, ctx.memo);
          if (next === "failed") return;
          status = next ?? status;
        }
        await tx.query("update executor.runs set status = $2, updated_at = now() where id = $1", [run.id, status]);
        // Ops already satisfied (or resolved at once) leave nothing pending: go on.
        await continueIfIdle(tx, run.id, run.function_id, run.concurrency_key, null);
      });
      return { type: "parked" };
    }

    // The function threw (or the call failed). 400 / no-retry, or out of attempts, is final.
    const error = parsed ?? { name: "Error", message: response.body || `HTTP ${response.status}` };
    const final = noRetry || response.status === 400 || ctx.attempt + 1 >= ctx.maxAttempts;
    if (final) {
      await this.whileLeased(job, async (tx) => {
        await finishRun(tx, run, { status: "failed", error });
        await this.emitFailure(tx, run, error);
      });
    } else {
      const delay = retryDelayMs(ctx.attempt, { scale: this.backoffScale, retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), FUNCTION_RETRY_AFTER_MAX_MS) });
      await this.whileLeased(job, async (tx) => {
        await tx.query("update executor.runs set attempt = $3, error = $2::jsonb, updated_at = now() where id = $1", [
          run.id,
          JSON.stringify(error),
          ctx.attempt + 1,
        ]);
        await this.retryJob(tx, job, delay, job.step_hash, ctx.attempt + 1);
      });
    }
    return { type: "parked" };
  }

  private async retryJob(tx: RawTransaction, job: Job, delayMs: number, stepHash: string | null, attempt: number) {
    await tx.query(
      `update executor.jobs set lease_owner = null, lease_until = null, admitted = false, step_hash = $2, attempt = $4,
              executor_errors = 0, run_at = clock_timestamp() + $3 * interval '1 millisecond' where id = $1`,
      [job.id, stepHash, delayMs, attempt],
    );
  }

  /** Schedules what an op asks for; returns the run status it implies. */
  private async park(tx: RawTransaction, run: RunRow, op: OutgoingOp, memo: Memo): Promise<string | undefined> {
    if (memo[op.id]) return undefined;
    const already = await tx.query("select 1 from executor.jobs where run_id = $1 and step_hash = $2 union all select 1 from executor.waits where run_id = $1 and hash = $2", [run.id, op.id]);
    if (already.length > 0) return undefined;
    const record = (name: string) =>
      tx.query(
        `insert into executor.steps (run_id, hash, step_id, name, op, started_at) values ($1, $2, $3, $4, $5, now())
         on conflict (run_id, hash) do nothing`,
        [run.id, op.id, op.userland?.id ?? op.name ?? null, op.displayName ?? name, op.op],
      );
    switch (op.op) {
      case "StepPlanned":
        await enqueue(tx, run.id, run.function_id, run.concurrency_key, "call", op.id, 0);
        return "running";
      case "Sleep": {
        await record(op.name ?? "sleep");
        const delay = Math.max(0, sleepUntil(op.name ?? "0s") - Date.now());
        await enqueue(tx, run.id, run.function_id, run.concurrency_key, "wake", op.id, delay);
        return "sleeping";
      }
      case "WaitForEvent": {
        await record(op.name ?? "wait");
        const timeout = msUntil(String(op.opts?.timeout ?? "1d"));
        const condition = (op.opts?.if as string | undefined) ?? null;
        const key = matchKeyOf(condition);
        // The match key (when the expression has one) is what finds this wait when events come.
        await tx.query(
          `with path as (
             insert into executor.match_paths (event_name, match_path) select $3, $6::text[] where $6::text[] is not null
             on conflict do nothing
           )
           insert into executor.waits (run_id, hash, kind, event_name, condition, expires_at, match_path, match_value)
           values ($1, $2, 'event', $3, $4, clock_timestamp() + $5 * interval '1 millisecond', $6::text[],
                   (select event #>> $7::text[] from executor.runs where id = $1))`,
          [run.id, op.id, op.name, condition, timeout, key?.asyncPath ?? null, key?.eventPath ?? null],
        );
        await enqueue(tx, run.id, run.function_id, run.concurrency_key, "wait-timeout", op.id, timeout);
        return "waiting";
      }
      case "InvokeFunction": {
        await record(String(op.opts?.function_id ?? "invoke"));
        const target = this.registry.get(String(op.opts?.function_id));
        const payload = (op.opts?.payload ?? {}) as { data?: Record<string, unknown> };
        const timeout = op.opts?.timeout ? msUntil(String(op.opts.timeout)) : 365 * 86_400_000;
        await tx.query(
          `insert into executor.waits (run_id, hash, kind, event_name, expires_at)
           values ($1, $2, 'invoke', $3, clock_timestamp() + $4 * interval '1 millisecond')`,
          [run.id, op.id, String(op.opts?.function_id), timeout],
        );
        await enqueue(tx, run.id, run.function_id, run.concurrency_key, "wait-timeout", op.id, timeout);
        const event: InngestEvent = { name: "inngest/function.invoked", data: payload.data ?? {}, id: newEventId(), ts: Date.now() };
        const child = target ? await createRun(tx, target, [event], { run_id: run.id, hash: op.id }) : null;
        if (!child) {
          // No such function, or its idempotency key already ran: answer the invoke at once.
          await tx.query("delete from executor.waits where run_id = $1 and hash = $2", [run.id, op.id]);
          await tx.query("delete from executor.jobs where run_id = $1 and kind = 'wait-timeout' and step_hash = $2", [run.id, op.id]);
          const message = target ? "The invoked function's idempotency key was already used" : `No function ${String(op.opts?.function_id)}`;
          await memoizeStep(tx, run.id, { hash: op.id, op: op.op, result: { error: { name: "Error", message } } });
          return undefined;
        }
        return "waiting";
      }
      default: {
        // Nothing would ever continue this run: fail it, visibly and through the failure path
        // (onFailure runs), rather than leave it hanging.
        const error = { name: "UnsupportedOp", message: `The embedded executor does not support ${op.op}` };
        await finishRun(tx, run, { status: "failed", error });
        await this.emitFailure(tx, run, error);
        return "failed";
      }
    }
  }

  /** onFailure handlers are functions triggered by `inngest/function.failed`. */
  private async emitFailure(tx: RawTransaction, run: RunRow, error: unknown) {
    const event: InngestEvent = {
      name: "inngest/function.failed",
      id: newEventId(),
      ts: Date.now(),
      data: { function_id: run.function_id, run_id: run.id, error, event: run.event },
    };
    await createRuns(tx, this.registry.triggeredBy(event).map((fn) => ({ fn, events: [event] })));
  }

  /** Cron triggers: whichever process advances a schedule's `next_at` fires it, exactly once. */
  private scheduleCrons() {
    const crons = this.registry.crons();
    if (crons.length === 0) return;
    let failures = 0;
    const tick = async () => {
      try {
        for (const { fn, schedule } of crons) {
          await this.database.transaction(async (tx) => {
            const [due] = await tx.query<{ next_at: Date }>(
              "select next_at from executor.crons where function_id = $1 and schedule = $2 and next_at <= now() for update skip locked",
              [fn.id, schedule],
            );
            if (!due) return;
            await tx.query("update executor.crons set next_at = $3 where function_id = $1 and schedule = $2", [
              fn.id,
              schedule,
              nextCronTime(schedule, new Date()).toISOString(),
            ]);
            const event = {
              name: "inngest/scheduled.timer",
              id: `cron-${createHash("sha1").update(`${fn.id}:${schedule}:${new Date(due.next_at).toISOString()}`).digest("hex")}`,
              ts: Date.now(),
              data: { cron: schedule },
            };
            await createRun(tx, fn, [event]);
          });
        }
        failures = 0;
      } catch (error) {
        // The database going away is logged once per outage, not every second, and checked on a backoff.
        if (!isConnectionError(error) || failures === 0) (isConnectionError(error) ? logger.warn : logger.error)("executor: cron tick failed", { error });
        failures++;
      }
      if (this.running) this.cronTimer = setTimeout(tick, failures === 0 ? 1000 : Math.max(1000, executorRetryDelayMs(failures)));
    };
    void tick();
  }

  /** In-flight calls in this process (for graceful shutdown and metrics). */
  get busy(): number {
    return this.pool?.busy ?? 0;
  }

  get isRunning(): boolean {
    return this.running;
  }
}

/** A timeout given as a duration ("1h") or a date (ISO): milliseconds from now. */
const msUntil = (value: string) => Math.max(0, sleepUntil(value) - Date.now());

function safeJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
