import { readJson, withUser } from "@/lib/auth/with-auth";
import { requireRecipient } from "@/lib/auth/require-recipient";
import { emitReadEvents } from "@/lib/inbox/emit-read-events";
import { updateInboxItem } from "@/lib/inbox/update-inbox-items";

// PATCH /api/inbox/{id} – mark seen / read / unread / archived / unarchived ({ "read": true })
export const PATCH = withUser(async ({ req, db, user, params }) => {
  const { item, becameRead } = await updateInboxItem(db, requireRecipient(user), params.id!, await readJson(req));
  if (becameRead) await emitReadEvents([item]);
  return Response.json({ data: item });
});
