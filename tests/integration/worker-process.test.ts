import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setProcessDatabase } from "@/lib/db/get-database";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { checkHealth } from "@/lib/health/check-health";
import { readDeliveryFigures } from "@/lib/metrics/read-delivery-figures";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { sendNotificationEvents } from "@/inngest/send-notification-events";
import { setProcessExecutor } from "@/inngest/executor/embedded-fetch";
import { startEmbeddedExecutor } from "@/inngest/executor/start-embedded-executor";
import { registerEmbeddedExecutorFigures } from "@/inngest/register-executor-figures";
import type { EmbeddedExecutor } from "@/inngest/executor/embedded-executor";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";
import { waitFor, waitForNotification } from "../support/executor-harness";

// PGlite is one process: worker processes need a PostgreSQL server.
describe.runIf(testDatabaseKinds().includes("postgres"))("a worker process (npm run worker) on postgres", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let web: EmbeddedExecutor;
  let child: ChildProcess;
  beforeAll(async () => {
    t = await createTestDatabase("postgres");
    await seedDemoData(t.database);
    setProcessDatabase(t.database);
    registerEmbeddedExecutorFigures();
    // The web process with HERALD_EXECUTOR=off: it takes events in and runs nothing.
    web = await startEmbeddedExecutor(t.database, { work: false });
  });
  afterAll(async () => {
    child?.kill("SIGKILL");
    setProcessExecutor(undefined);
    await t.drop();
  });

  it("delivers what a web process with its executor off accepts, shows in health, and leaves on SIGTERM", async () => {
    expect(web.isRunning).toBe(false);
    child = spawn(process.execPath, ["--import", "tsx", "bin/worker.ts"], {
      cwd: path.resolve(__dirname, "../.."),
      env: { ...process.env, DATABASE_URL: t.url!, LOG_LEVEL: "warn", HERALD_SHUTDOWN_GRACE_MS: "2000" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    await waitFor(async () => (await t.database.query("select 1 from executor.workers where kind = 'worker'")).length > 0, {
      timeoutMs: 60_000,
      what: "the worker process to start",
    });

    const { accepted } = await acceptNotifications(
      t.database.db,
      { to: ["alice"], type: "comment.created", data: { author: "Bob", excerpt: "From a worker", url: "/posts/1" } },
      { scope: "test", send: sendNotificationEvents },
    );
    expect(await waitForNotification(t.database, accepted.notifications[0]!.id, 30_000)).toBe("delivered");

    const health = await checkHealth(t.database);
    expect(health.durable.ok).toBe(true);
    expect(health.durable.executor?.running).toBe(false);
    expect(health.durable.executor?.workers).toEqual([expect.objectContaining({ kind: "worker" })]);
    expect((await readDeliveryFigures(t.database)).workers).toEqual([expect.objectContaining({ kind: "worker" })]);

    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(await t.database.query("select 1 from executor.workers")).toHaveLength(0);
  });
});
