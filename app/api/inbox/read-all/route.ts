import { corsPreflight } from "@/lib/api/cors";
import { withUser } from "@/lib/auth/with-auth";
import { requireRecipient } from "@/lib/auth/require-recipient";
import { emitReadEvents } from "@/inngest/emit-inbox-events";
import { markAllRead } from "@/lib/inbox/update-inbox-items";

// POST /api/inbox/read-all – mark every unread item read
export const POST = withUser(async ({ db, user }) => {
  const items = await markAllRead(db, requireRecipient(user));
  await emitReadEvents(items);
  return Response.json({ data: { updated: items.length } });
});

export const OPTIONS = corsPreflight;
