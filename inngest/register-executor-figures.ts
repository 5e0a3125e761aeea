import { registerExecutorFigures } from "@/lib/executor/executor-figures";
import { getProcessExecutor } from "./executor/embedded-fetch";
import { liveWorkers, queueStats, scheduledLag } from "./executor/run-queries";

/** Lets health and metrics (lib/) report on the embedded executor without importing it. */
export function registerEmbeddedExecutorFigures(): void {
  registerExecutorFigures({
    queueStats,
    scheduledLag,
    workers: (db) => liveWorkers(db),
    worker: () => {
      const executor = getProcessExecutor();
      return executor ? { running: executor.isRunning, busy: executor.busy, workerId: executor.workerId } : undefined;
    },
  });
}
