import type { EmbeddedExecutor } from "./embedded-executor";

export const EMBEDDED_BASE_URL = "http://embedded-executor.herald.invalid/";

// The process's executor. Next.js can load a module more than once per process (instrumentation
// and route bundles), so it lives on globalThis where every copy finds the same one.
const holder = globalThis as typeof globalThis & { __heraldExecutor?: EmbeddedExecutor };

export function setProcessExecutor(executor: EmbeddedExecutor | undefined): void {
  holder.__heraldExecutor = executor;
}

export function getProcessExecutor(): EmbeddedExecutor | undefined {
  return holder.__heraldExecutor;
}

/** The Inngest client's `fetch` in embedded mode: event sends reach this process's executor. */
export async function embeddedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const executor = getProcessExecutor();
  if (!executor) {
    return Response.json({ error: "The embedded executor is not running in this process." }, { status: 503 });
  }
  return executor.fetch(input, init);
}
