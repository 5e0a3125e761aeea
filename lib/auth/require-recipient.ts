import { HeraldApiError } from "@/lib/api/errors";
import type { SessionUser } from "./session-user";

/** The recipient id of a signed-in user's own inbox; a user without one has no inbox to act on. */
export function requireRecipient(user: SessionUser): string {
  if (!user.recipientId) throw new HeraldApiError("not_found", "No inbox is linked to this account.");
  return user.recipientId;
}
