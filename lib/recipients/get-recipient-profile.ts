import { desc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { pushTokens } from "@/lib/db/schema";
import { getRecipientPreferences } from "@/lib/preferences/recipient-preferences";
import { getRecipientOrThrow } from "./get-recipient-or-throw";

/** What the admin sees about one recipient: profile, devices and preferences in force. */
export async function getRecipientProfile(db: Db, externalId: string) {
  const recipient = await getRecipientOrThrow(db, externalId);
  const [tokens, preferences] = await Promise.all([
    db.select().from(pushTokens).where(eq(pushTokens.recipientId, recipient.id)).orderBy(desc(pushTokens.lastSeenAt)),
    getRecipientPreferences(db, recipient.id),
  ]);
  return { recipient, pushTokens: tokens, preferences };
}
