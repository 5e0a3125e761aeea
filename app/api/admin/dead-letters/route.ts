import { withAdmin } from "@/lib/auth/with-auth";
import { listDeadLetters } from "@/lib/admin/list-dead-letters";

// GET /api/admin/dead-letters – failed, bounced and undelivered deliveries not discarded, newest first (?channel=&limit=&after=)
export const GET = withAdmin("admin:read", async ({ req, database }) => {
  const page = await listDeadLetters(database, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ data: page.items, hasMore: page.hasMore, after: page.after });
});
