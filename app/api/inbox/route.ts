import { corsPreflight } from "@/lib/api/cors";
import { withUser } from "@/lib/auth/with-auth";
import { requireRecipient } from "@/lib/auth/require-recipient";
import { listInboxPage } from "@/lib/db/queries/inbox";

// GET /api/inbox – the signed-in user's items, newest first (?status=all|unread|archived&type=&limit=&after=)
export const GET = withUser(async ({ req, db, user }) => {
  const page = await listInboxPage(db, requireRecipient(user), Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ data: page.items, hasMore: page.hasMore, after: page.after, counts: page.counts });
});

export const OPTIONS = corsPreflight;
