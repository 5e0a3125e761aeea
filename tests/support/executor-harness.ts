import { randomBytes } from "node:crypto";
import { Inngest, type InngestFunction } from "inngest";
import { serve } from "inngest/next";
import type { NextRequest } from "next/server";
import type { Database } from "@/lib/db/client";
import { inngestLogger } from "@/inngest/logger";
import { EmbeddedExecutor, type EmbeddedExecutorOptions } from "@/inngest/executor/embedded-executor";
import { afterEach, beforeEach } from "vitest";
import { createTestDatabase, type TestDatabaseKind } from "./databases";
import { waitFor } from "./wait-for";

export { waitFor };

/**
 * For each test: a fresh database with Herald's schema, and every executor `track`ed on it
 * stopped (then the database dropped) after the test.
 */
export function executorTestBed(kind: TestDatabaseKind) {
  let current: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  const executors: EmbeddedExecutor[] = [];
  beforeEach(async () => {
    current = await createTestDatabase(kind);
  });
  afterEach(async () => {
    for (const executor of executors.splice(0)) await executor.stop(2_000);
    await current?.drop();
  });
  return {
    get database(): Database {
      return current!.database;
    },
    track<T extends EmbeddedExecutor>(executor: T): T {
      executors.push(executor);
      return executor;
    },
  };
}

/**
 * A real Inngest client and serve endpoint for test functions, driven by the embedded executor
 * on a real database. Calls are signed, as in the app.
 */
export function createTestApp(id = "test") {
  const signingKey = `signkey-test-${randomBytes(16).toString("hex")}`;
  let executor: EmbeddedExecutor | undefined;
  let calls = 0;
  const client = new Inngest({
    id,
    isDev: false,
    signingKey,
    eventKey: "test",
    baseUrl: "http://embedded.test/",
    // Test functions fail on purpose; their errors are assertions, not log lines.
    logger: { ...inngestLogger, error: () => {}, warn: () => {} },
    fetch: (input, init) => {
      if (!executor) throw new Error("executor not started");
      return executor.fetch(input, init);
    },
  });
  return {
    client,
    signingKey,
    /** Calls the executor has made to the serve endpoint (function invocations, not syncs). */
    get calls() {
      return calls;
    },
    executor(database: Database, functions: InngestFunction.Any[], options: Partial<EmbeddedExecutorOptions> = {}) {
      const handler = serve({ client, functions });
      executor = new EmbeddedExecutor({
        database,
        handler: (req) => {
          if (req.method === "POST") calls++;
          return (req.method === "PUT" ? handler.PUT : handler.POST)(req as NextRequest, undefined) as Promise<Response>;
        },
        signingKey,
        backoffScale: 0.0001,
        leaseMs: 2_000,
        pollMs: 100,
        concurrency: 4,
        ...options,
      });
      return executor;
    },
  };
}

export async function runStatus(database: Database, runId: string) {
  const [row] = await database.query<{ status: string; output: unknown; error: unknown }>(
    "select status, output, error from executor.runs where id = $1",
    [runId],
  );
  return row;
}

export async function runsOf(database: Database, functionId: string) {
  return database.query<{ id: string; status: string; output: unknown; error: unknown }>(
    "select id, status, output, error from executor.runs where function_id = $1 order by created_at",
    [functionId],
  );
}

export async function waitForRun(database: Database, functionId: string, statuses = ["completed", "failed", "cancelled"], count = 1) {
  return waitFor(
    async () => {
      const runs = await runsOf(database, functionId);
      const done = runs.filter((r) => statuses.includes(r.status));
      return done.length >= count ? done : null;
    },
    { what: `${count} run(s) of ${functionId} to reach ${statuses.join("/")}` },
  );
}

/** Waits until a notification's run has finished; answers its final status. */
export function waitForNotification(database: Database, id: string, timeoutMs = 10_000): Promise<string> {
  return waitFor(
    async () => {
      const [row] = await database.query<{ status: string }>("select status from notifications where id = $1", [id]);
      return row && !["accepted", "scheduled", "processing"].includes(row.status) ? row.status : null;
    },
    { what: `notification ${id} to finish`, timeoutMs },
  );
}
