import { logger } from "@/lib/logger";
import { executorRetryDelayMs } from "./backoff";

/** A set of worker slots fed by one claimer; `functions` limits what the lane may take. */
export type Lane = { name: string; slots: number; functions?: string[] };

export type ClaimResult<J> = {
  jobs: J[];
  /** Milliseconds until the next unleased job of the lane is due (≤ 0: due now), null if none. */
  nextMs: number | null;
};

export type WorkerPoolOptions<J> = {
  lanes: Lane[];
  /** Claims up to `limit` due jobs of the lane in one statement. */
  claim: (limit: number, functions: string[] | undefined) => Promise<ClaimResult<J>>;
  /** Does one claimed job; never rejects on the job's account (it handles its own errors). */
  run: (job: J) => Promise<void>;
  /** Renews the leases of every job in flight, in one statement. */
  heartbeat: (ids: J[]) => Promise<void>;
  heartbeatMs: number;
  /** Longest idle wait between claims; a wake() comes sooner. */
  pollMs: number;
};

type LaneState = Lane & { active: number; pending: boolean; full: boolean; wakeup: (() => void) | null };

/**
 * Worker slots fed by one claimer per lane, as graphile-worker's local queue is: the claimer
 * takes as many due jobs as the lane has free slots, in one statement, and starts each at once —
 * so no job sits leased without a worker on it. A NOTIFY (wake) rouses only the claimers; a
 * finishing job lets a full lane claim again.
 */
export class WorkerPool<J> {
  private readonly lanes: LaneState[];
  private readonly inFlight = new Set<J>();
  private readonly tasks = new Set<Promise<void>>();
  private loops: Promise<void>[] = [];
  private running = false;
  private heartbeatTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: WorkerPoolOptions<J>) {
    this.lanes = options.lanes.map((lane) => ({ ...lane, active: 0, pending: false, full: false, wakeup: null }));
  }

  get busy(): number {
    return this.inFlight.size;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = this.lanes.map((lane) => this.claimLoop(lane));
    this.heartbeatTimer = setInterval(() => {
      if (this.inFlight.size > 0) this.options.heartbeat([...this.inFlight]).catch(() => {});
    }, this.options.heartbeatMs);
    this.heartbeatTimer.unref();
  }

  /** New work may be due: each lane's claimer looks (once, however many wakes arrive meanwhile). */
  wake(): void {
    for (const lane of this.lanes) this.signal(lane);
  }

  /** Stops claiming and waits (up to `graceMs`) for the jobs in flight. */
  async stop(graceMs: number): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([...this.loops, ...this.tasks]),
      new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.loops = [];
  }

  private signal(lane: LaneState) {
    lane.pending = true;
    const wakeup = lane.wakeup;
    lane.wakeup = null;
    wakeup?.();
  }

  /** Sleeps until `ms`, a signal, or a stop; a signal that came meanwhile cuts it to nothing unless `untilSignal`. */
  private sleep(lane: LaneState, ms: number, untilSignal = false): Promise<void> {
    if ((lane.pending && !untilSignal) || !this.running) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      lane.wakeup = done;
    });
  }

  private async claimLoop(lane: LaneState): Promise<void> {
    // Consecutive failures to claim: the database is down or unreachable. The claimer waits
    // longer each time (capped) and goes on by itself when the database is back.
    let failures = 0;
    while (this.running) {
      const free = lane.slots - lane.active;
      if (free <= 0) {
        // Every slot busy: a finishing job (or a stop) is what matters, not earlier wakes.
        lane.full = true;
        await this.sleep(lane, this.options.pollMs, true);
        lane.full = false;
        continue;
      }
      lane.pending = false;
      let result: ClaimResult<J>;
      try {
        result = await this.options.claim(free, lane.functions);
        if (failures > 0) logger.info("executor: the database answers again; claiming resumes", { lane: lane.name });
        failures = 0;
      } catch (error) {
        if (failures === 0) logger.warn("executor: claiming work failed; backing off until the database answers", { error, lane: lane.name });
        // A quarter of the poll interval at first, at most ten of them.
        await this.sleep(lane, executorRetryDelayMs(failures++, { scale: this.options.pollMs / 1_000, capMs: 10_000 }));
        continue;
      }
      if (!this.running) {
        // Claimed while stopping: nothing starts now; stop() hands the leases back.
        return;
      }
      for (const job of result.jobs) this.launch(lane, job);
      if (result.jobs.length < free) {
        // Nothing else is due now (or the rest is locked by another claimer, or waits for a
        // concurrency slot): sleep until the next due time, a wake, or the poll.
        const next = result.nextMs;
        const ms = next === null ? this.options.pollMs : Math.min(this.options.pollMs, Math.max(10, next));
        await this.sleep(lane, ms);
      }
    }
  }

  private launch(lane: LaneState, job: J) {
    lane.active++;
    this.inFlight.add(job);
    const task = this.options.run(job).finally(() => {
      lane.active--;
      this.inFlight.delete(job);
      this.tasks.delete(task);
      if (lane.full) this.signal(lane);
    });
    this.tasks.add(task);
  }
}
