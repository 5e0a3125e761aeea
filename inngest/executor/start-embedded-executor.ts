import type { NextRequest } from "next/server";
import { serve } from "inngest/next";
import type { Database } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { onShutdown } from "@/lib/shutdown/graceful-shutdown";
import { embeddedSigningKey, inngest } from "../client";
import { functions } from "../index";
import { EmbeddedExecutor, type EmbeddedExecutorOptions } from "./embedded-executor";
import { getProcessExecutor, setProcessExecutor } from "./embedded-fetch";

/**
 * Starts this process's executor on the app's database, driving the same `serve()` endpoint
 * that /api/inngest exposes, in-process. Every app process runs one; they share the work.
 */
export async function startEmbeddedExecutor(
  database: Database,
  options: Partial<Pick<EmbeddedExecutorOptions, "backoffScale" | "leaseMs" | "pollMs" | "concurrency" | "kind" | "work" | "checkpointing">> = {},
): Promise<EmbeddedExecutor> {
  const running = getProcessExecutor();
  if (running) return running;
  const handler = serve({ client: inngest, functions });
  const env = getEnv();
  const base = env.HERALD_PUBLIC_URL ?? "http://127.0.0.1:3000";
  const checkpointing = options.checkpointing ?? env.HERALD_CHECKPOINTING === "on";
  const executor = new EmbeddedExecutor({
    database,
    // The Next adapter only reads the URL, headers and body, which a plain Request has.
    handler: (req) => (req.method === "PUT" ? handler.PUT : handler.POST)(req as NextRequest, undefined) as Promise<Response>,
    serveUrl: new URL("/api/inngest", base).toString(),
    signingKey: embeddedSigningKey,
    ...options,
    checkpointing,
  });
  setProcessExecutor(executor);
  await executor.start();
  // On SIGTERM: finish in-flight calls within the grace period, hand back every other lease.
  onShutdown("executor", async (graceMs) => {
    await executor.stop(graceMs);
    logger.info("executor stopped", { workerId: executor.workerId });
  });
  logger.info(executor.isRunning ? "embedded executor started" : "embedded executor: intake only (HERALD_EXECUTOR=off)", {
    functions: executor.functions.length,
    workerId: executor.workerId,
    kind: executor.kind,
    checkpointing,
  });
  return executor;
}
