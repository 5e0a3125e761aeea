import { withSignedRequest } from "@/lib/auth/with-auth";
import { authorizeMetrics } from "@/lib/metrics/authorize-metrics";
import { getMetrics } from "@/lib/metrics/metrics-registry";

// GET /api/metrics – Prometheus text format (admin session, API key with metrics:read, or HERALD_METRICS_TOKEN)
export const GET = withSignedRequest(async ({ req, db }) => {
  await authorizeMetrics(req, db);
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
});
