import { logger } from "@/lib/logger";

type ShutdownTask = { name: string; run: (graceMs: number) => Promise<void> };

const state = globalThis as unknown as {
  heraldShutdown?: { tasks: ShutdownTask[]; controller: AbortController; installed: boolean };
};
state.heraldShutdown ??= { tasks: [], controller: new AbortController(), installed: false };
const shutdown = state.heraldShutdown;

/** Aborted when the process begins to shut down: long-lived work (event streams) ends on it. */
export const shutdownSignal: AbortSignal = shutdown.controller.signal;

/** Work to finish or hand back before the process exits (the executor's leases, say). */
export function onShutdown(name: string, run: (graceMs: number) => Promise<void>): void {
  shutdown.tasks.push({ name, run });
}

const bounded = (work: Promise<void>, ms: number) =>
  Promise.race([work, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

/**
 * On SIGTERM or SIGINT: stop taking new work, give every task at most `graceMs` to finish or
 * hand back what it holds, then exit. Next.js's own handler closes the HTTP server and calls
 * process.exit as soon as its requests are done — which, with no request open, is long before
 * the executor has handed back its leases — so its exit is held until the tasks are done. The
 * process exits by itself `graceMs` after that if nothing else has, so it never lingers.
 */
export function installShutdownHandler(graceMs: number): void {
  if (shutdown.installed) return;
  shutdown.installed = true;
  let started = false;
  const begin = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    const startedAt = performance.now();
    logger.info("shutting down", { signal, graceMs });
    shutdown.controller.abort();
    const drained = Promise.allSettled(shutdown.tasks.map((task) => bounded(task.run(graceMs), graceMs))).then((results) => {
      results.forEach((r, i) => r.status === "rejected" && logger.warn("shutdown task failed", { task: shutdown.tasks[i]!.name, error: r.reason }));
      logger.info("shutdown: work handed back", { ms: Math.round(performance.now() - startedAt) });
    });
    const exit = process.exit.bind(process);
    let requested: number | undefined;
    process.exit = ((code?: number) => {
      requested = code ?? 0;
      void drained.then(() => exit(requested));
    }) as typeof process.exit;
    void drained.then(() => setTimeout(() => exit(requested ?? (signal === "SIGINT" ? 130 : 143)), requested === undefined ? graceMs : 0));
  };
  process.on("SIGTERM", begin);
  process.on("SIGINT", begin);
}
