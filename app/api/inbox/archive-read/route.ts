import { corsPreflight } from "@/lib/api/cors";
import { withUser } from "@/lib/auth/with-auth";
import { requireRecipient } from "@/lib/auth/require-recipient";
import { archiveAllRead } from "@/lib/inbox/update-inbox-items";

// POST /api/inbox/archive-read – archive every read item
export const POST = withUser(async ({ db, user }) => Response.json({ data: { archived: await archiveAllRead(db, requireRecipient(user)) } }));

export const OPTIONS = corsPreflight;
