import { withAdmin } from "@/lib/auth/with-auth";
import { listDeliveries } from "@/lib/admin/list-deliveries";

// GET /api/admin/deliveries – the delivery log, newest first (?status=&channel=&provider=&recipient=&type=&from=&to=&limit=&after=)
export const GET = withAdmin("admin:read", async ({ req, database }) => {
  const page = await listDeliveries(database, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ data: page.items, hasMore: page.hasMore, after: page.after });
});
