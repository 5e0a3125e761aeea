import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { pushTokens } from "@/lib/db/schema";
import { saveRecipientPreferences } from "@/lib/preferences/recipient-preferences";
import type { ProviderEffect } from "./provider-error";

/** Carries out what a provider's answer says about the recipient (STOP, dead push tokens). */
export async function applyProviderEffects(db: Db, recipientId: string, effects: readonly ProviderEffect[]): Promise<void> {
  for (const effect of effects) {
    if (effect.kind === "disable_sms") {
      await saveRecipientPreferences(db, recipientId, { global: { sms: false } });
    } else if (effect.kind === "remove_push_tokens" && effect.tokens.length > 0) {
      await db.delete(pushTokens).where(and(eq(pushTokens.recipientId, recipientId), inArray(pushTokens.token, effect.tokens)));
    }
  }
}
