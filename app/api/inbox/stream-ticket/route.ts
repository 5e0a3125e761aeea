import { corsPreflight } from "@/lib/api/cors";
import { issueStreamTicket } from "@/lib/auth/stream-ticket";
import { requireRecipient } from "@/lib/auth/require-recipient";
import { withUser } from "@/lib/auth/with-auth";
import { clientAddress } from "@/lib/rate-limit/client-address";
import { enforceRateLimit } from "@/lib/rate-limit/enforce-rate-limit";

// POST /api/inbox/stream-ticket – a one-minute ticket for GET /api/inbox/stream?ticket=, for
// pages that authenticate with a user token (EventSource cannot send headers)
export const POST = withUser(async ({ req, db, user }) => {
  const recipientId = requireRecipient(user);
  const limits = await enforceRateLimit(db, "token-exchange", [`recipient:${recipientId}`, `address:${clientAddress(req)}`]);
  return Response.json({ data: await issueStreamTicket(db, recipientId, user.inboxTopic) }, { headers: limits });
});

export const OPTIONS = corsPreflight;
