import { corsPreflight } from "@/lib/api/cors";
import { issueStreamTicket } from "@/lib/auth/stream-ticket";
import { requireRecipient } from "@/lib/auth/require-recipient";
import { withUser } from "@/lib/auth/with-auth";

// POST /api/inbox/stream-ticket – a one-minute ticket for GET /api/inbox/stream?ticket=, for
// pages that authenticate with a user token (EventSource cannot send headers)
export const POST = withUser(async ({ db, user }) => Response.json({ data: await issueStreamTicket(db, requireRecipient(user), user.inboxTopic) }));

export const OPTIONS = corsPreflight;
