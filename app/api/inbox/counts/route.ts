import { corsPreflight } from "@/lib/api/cors";
import { withUser } from "@/lib/auth/with-auth";
import { requireRecipient } from "@/lib/auth/require-recipient";
import { countInbox } from "@/lib/db/queries/inbox";

// GET /api/inbox/counts – unread, unseen and total (unarchived) for the signed-in user
export const GET = withUser(async ({ db, user }) => Response.json({ data: await countInbox(db, requireRecipient(user)) }));

export const OPTIONS = corsPreflight;
