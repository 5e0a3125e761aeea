import { withAdmin } from "@/lib/auth/with-auth";
import { getRecipientOrThrow } from "@/lib/recipients/get-recipient-or-throw";
import { listRecipientNotifications } from "@/lib/recipients/list-recipient-notifications";

// GET /api/admin/recipients/{id}/notifications – the recipient's notifications, newest first (?limit, after)
export const GET = withAdmin("admin:read", async ({ req, db, params }) => {
  const recipient = await getRecipientOrThrow(db, params.id!);
  const page = await listRecipientNotifications(db, recipient.id, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ data: page.items, hasMore: page.hasMore, after: page.after });
});
