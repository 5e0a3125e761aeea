import { setProcessDatabase } from "@/lib/db/get-database";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { setProcessExecutor } from "@/inngest/executor/embedded-fetch";
import { startEmbeddedExecutor } from "@/inngest/executor/start-embedded-executor";
import { registerEmbeddedExecutorFigures } from "@/inngest/register-executor-figures";
import { createTestDatabase, type TestDatabaseKind } from "./databases";

/**
 * The app's own runtime on a test database: Herald's real functions, Inngest client and
 * embedded executor (with a fast retry schedule), and the demo data.
 */
export async function startAppRuntime(kind: TestDatabaseKind) {
  const t = await createTestDatabase(kind);
  await seedDemoData(t.database);
  setProcessDatabase(t.database);
  registerEmbeddedExecutorFigures();
  const executor = await startEmbeddedExecutor(t.database, { backoffScale: 0.0001, pollMs: 100, leaseMs: 5_000 });
  return {
    database: t.database,
    db: t.database.db,
    executor,
    stop: async () => {
      await executor.stop(2_000);
      setProcessExecutor(undefined);
      await t.drop();
    },
  };
}
