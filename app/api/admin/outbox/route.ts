import { withAdmin } from "@/lib/auth/with-auth";
import { listOutboxMessages } from "@/lib/channels/list-outbox-messages";

// GET /api/admin/outbox – messages the dev outbox captured, newest first (?channel, limit, after)
export const GET = withAdmin("admin:read", async ({ req, db }) => {
  const page = await listOutboxMessages(db, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ data: page.items, hasMore: page.hasMore, after: page.after });
});
