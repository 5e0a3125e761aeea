import { getDatabase } from "@/lib/db/get-database";
import { checkHealth } from "@/lib/health/check-health";

export const dynamic = "force-dynamic";

// GET /api/health – database and durable-execution status; 503 when Herald cannot take work
export async function GET() {
  const health = await getDatabase().then(
    (database) => checkHealth(database),
    (error: unknown) => checkHealth(null, error),
  );
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
