import { handleAndReturnErrorResponse } from "@/lib/api/errors";
import { getDatabase } from "@/lib/db/get-database";
import { authorizeMetrics } from "@/lib/metrics/authorize-metrics";
import { getMetrics } from "@/lib/metrics/metrics-registry";
import { observeHttpRequest } from "@/lib/metrics/observe-http-request";

// GET /api/metrics – Prometheus text format (admin session, API key with metrics:read, or HERALD_METRICS_TOKEN)
export async function GET(req: Request) {
  const startedAt = performance.now();
  let response: Response;
  try {
    await authorizeMetrics(req, (await getDatabase()).db);
    const { registry } = getMetrics();
    response = new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
  } catch (error) {
    response = handleAndReturnErrorResponse(error);
  }
  void observeHttpRequest(req, undefined, response.status, startedAt);
  return response;
}
