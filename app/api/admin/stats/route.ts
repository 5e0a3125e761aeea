import { withAdmin } from "@/lib/auth/with-auth";
import { getDeliveryStats, statsQuerySchema } from "@/lib/admin/get-delivery-stats";

// GET /api/admin/stats – the overview's figures for a range (?range=1h|24h|7d|30d)
export const GET = withAdmin("admin:read", async ({ req, database }) => {
  const { range } = statsQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ data: await getDeliveryStats(database, range) });
});
