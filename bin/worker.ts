// `npm run worker`: the embedded executor without HTTP — the same functions on the same
// database as the web processes, which can then run with HERALD_EXECUTOR=off. Start as many as
// the load needs; they share the work through the database (PostgreSQL: PGlite is one process).
import { startEmbeddedExecutor } from "@/inngest/executor/start-embedded-executor";
import { runtimeModes } from "@/lib/env";
import { logger } from "@/lib/logger";
import { startServer } from "@/lib/start-server";

async function main() {
  // Validates the environment, opens the database (migrating it) and installs the SIGTERM handler.
  const database = await startServer();
  if (runtimeModes().durable !== "embedded") {
    logger.error("npm run worker runs the embedded executor; with Inngest configured, Inngest runs the functions");
    process.exit(1);
  }
  const executor = await startEmbeddedExecutor(database, { kind: "worker", work: true });
  logger.info("herald worker ready", { database: database.kind, workerId: executor.workerId });
  // Nothing else here calls exit: once the shutdown handler has handed everything back, leave.
  process.on("SIGTERM", () => process.exit(0));
}

main().catch((error: unknown) => {
  logger.error("herald worker failed to start", { error });
  process.exit(1);
});
