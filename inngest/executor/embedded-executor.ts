import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Database, RawTransaction } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { isConnectionError } from "@/lib/db/is-connection-error";
import { applyChanges, type ApplyScope, type Job } from "./apply-changes";
import { executorRetryDelayMs } from "./backoff";
import { seedCrons, startCronTicker } from "./cron-ticker";
import { ingestEvents } from "./ingest-events";
import { reduceCheckpoint, reduceResponse, type Memo, type SdkResponse } from "./reduce-response";
import { FunctionRegistry, syncFunctions } from "./registry";
import { callSdk, type CallState, type SdkEndpoint, type ServeHandler } from "./sdk-call";
import { WorkerPool, type ClaimResult } from "./worker-pool";
import { continueIfIdle, isTerminal, memoizeStep, type RunRow, type StepRecord } from "./run-store";
import type { InngestEvent, OutgoingOp } from "./types";

export type { ServeHandler };

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
  /**
   * True (the default): a run's consecutive steps execute in one call of the serve endpoint,
   * each memoized as the SDK checkpoints it. False: one step per call (HERALD_CHECKPOINTING=off).
   * Either way only what the client allows happens: a client with `checkpointing: false` stays plain.
   */
  checkpointing?: boolean;
};

// How often a running executor renews its row in executor.workers, and how stale a row may be
// before it no longer counts as live.
const WORKER_HEARTBEAT_MS = 5_000;
export const WORKER_LIVE_MS = 30_000;

/** A call in flight, as checkpoints reach it: the state the next call would be sent. */
type Invocation = { scope: ApplyScope; state: CallState; stepStartedAt: Date; stale: boolean };

// Calls in flight in this process, by run and job. A checkpoint reaches whichever executor the
// client's fetch names, not necessarily the one that made the call (tests run several).
const invocations = new Map<string, Invocation>();
const invocationKey = (runId: string | undefined, jobId: string | number | undefined) => `${runId}/${jobId}`;

/** What the SDK posts to `/v1/checkpoint/{run}/async` (the parts the executor reads). */
type CheckpointBody = { run_id?: string; qi_id?: string; steps?: OutgoingOp[] };

/** Adds a memoized step to what the run's next call is sent. */
function remember(state: CallState, step: StepRecord) {
  state.memo[step.hash] = step.result;
  state.stack = [...state.stack, step.hash];
  state.attempt = 0;
}

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
  private readonly endpoint: SdkEndpoint;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly backoffScale: number;
  private readonly checkpointing: boolean;
  private running = false;
  private pool: WorkerPool<Job> | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private stopCrons: (() => void) | null = null;
  private workerTimer: NodeJS.Timeout | null = null;
  readonly kind: "web" | "worker";
  private readonly work: boolean;

  constructor(options: EmbeddedExecutorOptions) {
    this.database = options.database;
    this.endpoint = { handler: options.handler, serveUrl: options.serveUrl ?? "http://127.0.0.1/api/inngest", signingKey: options.signingKey };
    this.concurrency = options.concurrency ?? 8;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.backoffScale = options.backoffScale ?? 1;
    this.checkpointing = options.checkpointing ?? true;
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
    const functions = await syncFunctions(this.endpoint.handler, this.endpoint.serveUrl, this.endpoint.signingKey);
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
    await seedCrons(this.database, this.registry.crons());
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
    this.stopCrons = startCronTicker(this.database, this.registry.crons());
  }

  /**
   * Stops taking work, lets in-flight calls finish (up to `graceMs`), then hands back anything
   * still leased so another process can take it at once instead of waiting for the lease.
   */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopCrons?.();
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

  /** Events taken in by a transaction the caller holds open on this executor's database (a transactional outbox). */
  sendInTransaction(tx: RawTransaction, events: InngestEvent[]): Promise<string[]> {
    return ingestEvents(tx, this.registry, events);
  }

  /**
   * A `fetch` for the Inngest client: the SDK's event API calls (`POST …/e/<key>`) and its
   * checkpoints (`POST /v1/checkpoint/<run>/async`) land here instead of on a network. Anything
   * else the SDK might ask for is refused loudly.
   */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // The SDK sends a URL and a string body: read them as they are, without building a Request.
    const request = typeof input === "string" || input instanceof URL ? null : new Request(input, init);
    const method = (request?.method ?? init?.method ?? "GET").toUpperCase();
    const url = new URL(request?.url ?? String(input));
    const json = async (): Promise<unknown> =>
      request ? request.json() : typeof init?.body === "string" ? JSON.parse(init.body) : new Request(input, init).json();
    if (method === "POST" && /\/e\/[^/]+$/.test(url.pathname)) {
      const body = (await json()) as InngestEvent | InngestEvent[];
      const ids = await this.send(Array.isArray(body) ? body : [body]);
      return Response.json({ ids, status: 200 });
    }
    if (method === "POST" && /^\/v1\/checkpoint\/[^/]+\/async$/.test(url.pathname)) {
      return this.checkpoint((await json()) as CheckpointBody);
    }
    return Response.json({ error: `The embedded executor does not serve ${method} ${url.pathname}` }, { status: 404 });
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
   * and, when fewer were due, how long until the next one is — the claimer's idle wait, without
   * a second query.
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
              -- Only a claim short of its limit needs it (the lane will idle): a full one skips
              -- the scan of every waiting job, which a large backlog makes costly.
              (select extract(epoch from (min(greatest(run_at, sort_at)) - now())) * 1000 from executor.jobs
                where (select count(*) from claimed) < $4
                  and (lease_until is null or lease_until < now()) and ($3::text[] is null or function_id = any($3::text[]))
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

  private async process(job: Job): Promise<void> {
    if (job.kind === "wake" || job.kind === "wait-timeout") return this.fireTimer(job);
    // Loaded and marked running in one statement (the row it answers is the one before the update).
    const [run] = await this.database.query<RunRow & { memo: Memo }>(
      `with started as (
         update executor.runs set status = 'running', started_at = coalesce(started_at, now()), updated_at = now()
          where id = $1 and status not in ('running', 'completed', 'failed', 'cancelled')
       )
       select id, function_id, status, event, events, stack, attempt, concurrency_key, parent,
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
   * step that ran inline is memoized and the next call made at once, on the same lease; with
   * checkpointing, the SDK runs consecutive steps in one call and reports each as it finishes.
   */
  private async callLoop(job: Job, run: RunRow & { memo: Memo }): Promise<void> {
    const state: CallState = {
      memo: run.memo,
      stack: run.stack,
      attempt: job.attempt,
      maxAttempts: this.registry.maxAttempts(run.function_id),
      ...(this.checkpointing ? { checkpointJob: job.id } : {}),
    };
    const scope = { database: this.database, registry: this.registry, workerId: this.workerId, job, run };
    for (;;) {
      const invocation: Invocation = { scope, state, stepStartedAt: new Date(), stale: false };
      const key = invocationKey(run.id, job.id);
      invocations.set(key, invocation);
      let response: SdkResponse;
      try {
        response = await callSdk(this.endpoint, run, job.step_hash, state);
      } finally {
        invocations.delete(key);
      }
      // A checkpoint found the lease gone: another worker drives the run now.
      if (invocation.stale) return;
      const changes = reduceResponse(response, {
        stepHash: job.step_hash,
        attempt: state.attempt,
        maxAttempts: state.maxAttempts,
        memo: state.memo,
        startedAt: invocation.stepStartedAt,
        now: Date.now(),
        backoffScale: this.backoffScale,
      });
      if ((await applyChanges(scope, changes)) !== "continue") return;
      for (const change of changes) if (change.type === "memoize-step") remember(state, change.step);
    }
  }

  /**
   * `POST /v1/checkpoint/{run}/async`: a checkpointing call reports the steps it ran. Each is
   * memoized durably, on the job's lease, before the SDK is told to go on; a lease that went to
   * another worker is answered 409, which stops the stale call without it reporting anything.
   */
  private async checkpoint(body: CheckpointBody): Promise<Response> {
    const invocation = invocations.get(invocationKey(body.run_id, body.qi_id));
    // Unknown here: refused, so the SDK hands the steps back in its response, where the caller
    // memoizes them on its lease as in a plain call.
    if (!invocation) return Response.json({ error: "No call of this run is in flight on this job" }, { status: 503 });
    if (invocation.stale) return Response.json({ error: "This job's lease went to another worker" }, { status: 409 });
    const changes = reduceCheckpoint(body.steps ?? [], invocation.stepStartedAt);
    if ("refused" in changes) return Response.json({ error: changes.refused }, { status: 400 });
    const { scope } = invocation;
    try {
      for (const change of changes) {
        if ((await applyChanges(scope, [change])) !== "continue") {
          // Not memoized: either the lease is gone, or the step already was (the same report, again).
          const [held] = await scope.database.query("select 1 from executor.jobs where id = $1 and lease_owner = $2", [scope.job.id, scope.workerId]);
          if (!held) {
            invocation.stale = true;
            return Response.json({ error: "This job's lease went to another worker" }, { status: 409 });
          }
        }
        if (change.type === "memoize-step") remember(invocation.state, change.step);
        invocation.stepStartedAt = new Date();
      }
    } catch (error) {
      // The SDK retries, then hands the steps back in its response, where they are memoized as usual.
      logger.warn("executor: a checkpoint could not be stored", { error, runId: scope.run.id });
      return Response.json({ error: "The checkpoint could not be stored" }, { status: 503 });
    }
    return Response.json({ data: { run_id: scope.run.id } });
  }

  /** In-flight calls in this process (for graceful shutdown and metrics). */
  get busy(): number {
    return this.pool?.busy ?? 0;
  }

  get isRunning(): boolean {
    return this.running;
  }
}
