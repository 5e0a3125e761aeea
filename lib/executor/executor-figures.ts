import type { Db } from "@/lib/db/client";

export type QueueStats = { depth: number; lagMs: number; leased: number; waiting: number; sleeping: number };

/**
 * What health and metrics report about the embedded executor. lib/ knows nothing of the
 * executor itself: the process that runs one registers this at start-up (instrumentation,
 * inngest/register-executor-figures.ts); without it there is no executor to report on.
 */
export type ExecutorFigures = {
  queueStats(db: Db): Promise<QueueStats>;
  scheduledLag(db: Db): Promise<{ functionId: string; lagMs: number }[]>;
  /** The executors running on the database (web and worker processes), seen lately. */
  workers(db: Db): Promise<{ id: string; kind: "web" | "worker"; startedAt: Date; seenAt: Date }[]>;
  /** This process's executor, if it has one. */
  worker(): { running: boolean; busy: number; workerId: string } | undefined;
};

// Next.js may load this module more than once per process; the registration lives on globalThis.
const holder = globalThis as typeof globalThis & { __heraldExecutorFigures?: ExecutorFigures };

export function registerExecutorFigures(figures: ExecutorFigures | undefined): void {
  holder.__heraldExecutorFigures = figures;
}

export function executorFigures(): ExecutorFigures | undefined {
  return holder.__heraldExecutorFigures;
}
