// Runs once when a server process starts, before it takes requests. The work is Node.js-only,
// so it lives in modules the Edge build never sees. Only here (and app/) is the durable
// execution wired in: lib/ knows nothing of Inngest.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("@/lib/start-server");
    const { logger } = await import("@/lib/logger");
    const { getEnv, runtimeModes } = await import("@/lib/env");
    const database = await startServer();
    if (runtimeModes().durable === "embedded") {
      const { startEmbeddedExecutor } = await import("@/inngest/executor/start-embedded-executor");
      const { registerEmbeddedExecutorFigures } = await import("@/inngest/register-executor-figures");
      registerEmbeddedExecutorFigures();
      // HERALD_EXECUTOR=off: intake only; `npm run worker` processes run the work.
      await startEmbeddedExecutor(database, { work: getEnv().HERALD_EXECUTOR === "on" });
    }
    logger.info("herald ready", { database: database.kind, durable: runtimeModes().durable });
  }
}
