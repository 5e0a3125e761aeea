import type { Database } from "@/lib/db/client";
import { runtimeModes } from "@/lib/env";

export type Health = {
  status: "ok" | "degraded";
  database: { kind: Database["kind"]; ok: boolean; latencyMs: number | null; error?: string };
  durable: { mode: ReturnType<typeof runtimeModes>["durable"] };
  auth: { mode: ReturnType<typeof runtimeModes>["auth"] };
};

/** Liveness of what Herald needs to accept work. Never includes configuration values. */
export async function checkHealth(database: Database | null, openError?: unknown): Promise<Health> {
  const modes = runtimeModes();
  let db: Health["database"];
  if (!database) {
    db = { kind: modes.database, ok: false, latencyMs: null, error: describe(openError) };
  } else {
    const started = performance.now();
    try {
      await database.query("select 1");
      db = { kind: database.kind, ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
    } catch (error) {
      db = { kind: database.kind, ok: false, latencyMs: null, error: describe(error) };
    }
  }
  return {
    status: db.ok ? "ok" : "degraded",
    database: db,
    durable: { mode: modes.durable },
    auth: { mode: modes.auth },
  };
}

// Connection errors can quote the connection string; only the error's kind is reported.
function describe(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.name;
  return "unavailable";
}
