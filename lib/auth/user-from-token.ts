import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { recipients } from "@/lib/db/schema";
import { inboxTopic } from "@/lib/realtime/inbox-topic";
import type { SessionUser } from "./session-user";
import type { UserTokenClaims } from "./verify-user-token";

/**
 * The end user a verified host-app token speaks for. The host app vouches for its users, so a
 * recipient seen for the first time is created (with an empty inbox) rather than refused: the
 * bell can be mounted before the first notification is sent.
 */
export async function userFromToken(db: Db, claims: UserTokenClaims): Promise<SessionUser> {
  const find = async () => (await db.select().from(recipients).where(eq(recipients.externalId, claims.sub)).limit(1))[0];
  const recipient =
    (await find()) ?? (await db.insert(recipients).values({ externalId: claims.sub }).onConflictDoNothing().returning())[0] ?? (await find())!;
  return {
    id: recipient.userId ?? `recipient:${recipient.id}`,
    email: recipient.email ?? "",
    name: recipient.name ?? recipient.externalId,
    role: "user",
    recipientId: recipient.id,
    via: "user-token",
    inboxTopic: inboxTopic({ userId: recipient.userId, recipientId: recipient.id }),
  };
}
