import { EnvError, getEnv, runtimeModes } from "@/lib/env";
import { getDatabase } from "@/lib/db/get-database";
import { logger } from "@/lib/logger";

/**
 * Validates the environment and opens the database (applying pending migrations) before the
 * server takes requests, so a misconfiguration stops start-up loudly instead of failing later.
 */
export async function startServer(): Promise<void> {
  try {
    getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const database = await getDatabase();
  if (runtimeModes().durable === "embedded") {
    const { startEmbeddedExecutor } = await import("@/inngest/executor/start-embedded-executor");
    await startEmbeddedExecutor(database);
  }
  logger.info("herald ready", { database: database.kind, durable: runtimeModes().durable });
}
