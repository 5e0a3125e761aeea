import type { Database } from "@/lib/db/client";
import { ne } from "drizzle-orm";
import { configuredProviderNames } from "@/lib/channels/get-channel-providers";
import { providerCircuits } from "@/lib/db/schema";
import { runtimeModes } from "@/lib/env";
import { executorFigures, type QueueStats } from "@/lib/executor/executor-figures";

type Modes = ReturnType<typeof runtimeModes>;

export type Health = {
  status: "ok" | "degraded";
  database: { kind: Database["kind"]; ok: boolean; latencyMs: number | null; error?: string };
  durable: {
    mode: Modes["durable"];
    ok: boolean;
    // Embedded mode only: this process's executor and the shared queue.
    executor?: {
      running: boolean;
      busy: number;
      workerId?: string;
      queue?: QueueStats;
      /** Every live executor on the database: web processes and `npm run worker` processes. */
      workers?: { id: string; kind: "web" | "worker"; startedAt: Date; seenAt: Date }[];
    };
  };
  auth: { mode: Modes["auth"] };
  /** Provider names per channel in failover order, and each circuit that is not closed. */
  providers: Record<string, string[]>;
  circuits: { provider: string; state: string; consecutiveFailures: number }[];
};

/** Liveness of what Herald needs to accept work. Never includes configuration values. */
export async function checkHealth(database: Database | null, openError?: unknown): Promise<Health> {
  const modes = runtimeModes();
  let db: Health["database"];
  let queue: QueueStats | undefined;
  let workers: NonNullable<Health["durable"]["executor"]>["workers"];
  let circuits: Health["circuits"] = [];
  if (!database) {
    db = { kind: modes.database, ok: false, latencyMs: null, error: describe(openError) };
  } else {
    const started = performance.now();
    try {
      await database.query("select 1");
      db = { kind: database.kind, ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
      // The database can go away between these: that makes it unhealthy, not the check a 500.
      const figures = modes.durable === "embedded" ? executorFigures() : undefined;
      if (figures) queue = await figures.queueStats(database.db);
      if (figures) workers = await figures.workers(database.db);
      circuits = (await database.db.select().from(providerCircuits).where(ne(providerCircuits.state, "closed"))).map((c) => ({
        provider: c.provider,
        state: c.state,
        consecutiveFailures: c.consecutiveFailures,
      }));
    } catch (error) {
      db = { kind: database.kind, ok: false, latencyMs: null, error: describe(error) };
    }
  }
  let durable: Health["durable"] = { mode: modes.durable, ok: true };
  if (modes.durable === "embedded") {
    const executor = executorFigures()?.worker();
    const running = Boolean(executor?.running);
    durable = {
      mode: modes.durable,
      // A web process with its executor off (HERALD_EXECUTOR=off) is fine while workers run.
      ok: running || (workers?.length ?? 0) > 0,
      executor: { running, busy: executor?.busy ?? 0, workerId: executor?.workerId, queue, workers },
    };
  }
  return {
    status: db.ok && durable.ok ? "ok" : "degraded",
    database: db,
    durable,
    auth: { mode: modes.auth },
    providers: configuredProviderNames(),
    circuits,
  };
}

// Connection errors can quote the connection string; only the error's kind is reported.
function describe(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.name;
  return "unavailable";
}
