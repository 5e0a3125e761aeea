import { desc, eq } from "drizzle-orm";
import { HeraldApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/client";
import { pushTokens, recipients } from "@/lib/db/schema";
import { getRecipientPreferences } from "@/lib/preferences/recipient-preferences";

/** What the admin sees about one recipient: profile, devices and preferences in force. */
export async function getRecipientProfile(db: Db, externalId: string) {
  const [recipient] = await db.select().from(recipients).where(eq(recipients.externalId, externalId));
  if (!recipient) throw new HeraldApiError("not_found", `No recipient with id '${externalId}'.`);
  const [tokens, preferences] = await Promise.all([
    db.select().from(pushTokens).where(eq(pushTokens.recipientId, recipient.id)).orderBy(desc(pushTokens.lastSeenAt)),
    getRecipientPreferences(db, recipient.id),
  ]);
  return { recipient, pushTokens: tokens, preferences };
}
