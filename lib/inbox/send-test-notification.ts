import { eq } from "drizzle-orm";
import { HeraldApiError } from "@/lib/api/errors";
import type { SessionUser } from "@/lib/auth/session-user";
import type { Db } from "@/lib/db/client";
import { recipients } from "@/lib/db/schema";
import { enforceRateLimit } from "@/lib/rate-limit/enforce-rate-limit";
import { acceptNotifications, type SendEvents } from "@/lib/send/accept-notifications";

/**
 * A welcome notification to the signed-in user's own inbox, through the same path as every
 * send — the first thing a newcomer tries. Only ever to themselves, and rate limited like intake.
 */
export async function sendTestNotification(db: Db, user: SessionUser, send: SendEvents) {
  if (!user.recipientId) throw new HeraldApiError("not_found", "No inbox is linked to this account.");
  await enforceRateLimit(db, "intake", `self:${user.id}`);
  const [recipient] = await db.select({ externalId: recipients.externalId }).from(recipients).where(eq(recipients.id, user.recipientId));
  if (!recipient) throw new HeraldApiError("not_found", "No inbox is linked to this account.");
  const { accepted } = await acceptNotifications(
    db,
    {
      to: recipient.externalId,
      channels: ["in_app"],
      content: {
        in_app: {
          title: `Welcome to Herald, ${user.name.split(/\s+/)[0]}`,
          body: "This is a test notification. Choose what reaches you, and how, in your preferences.",
          actionUrl: "/preferences",
        },
      },
      data: { actor: { name: "Herald" } },
    },
    { scope: `self:${user.id}`, send },
  );
  return accepted;
}
