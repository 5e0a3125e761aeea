import { corsPreflight } from "@/lib/api/cors";
import { readJsonBody } from "@/lib/api/read-body";
import { withUser } from "@/lib/auth/with-auth";
import { requireRecipient } from "@/lib/auth/require-recipient";
import { emitInboxEvents } from "@/inngest/emit-inbox-events";
import { updateInboxItem } from "@/lib/inbox/update-inbox-items";

// PATCH /api/inbox/{id} – mark seen / read / unread / archived / unarchived ({ "read": true })
export const PATCH = withUser(async ({ req, db, user, params }) => {
  const change = await updateInboxItem(db, requireRecipient(user), params.id!, await readJsonBody(req));
  await emitInboxEvents([change]);
  return Response.json({ data: change.item });
});

export const OPTIONS = corsPreflight;
