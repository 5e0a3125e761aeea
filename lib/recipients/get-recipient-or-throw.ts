import { HeraldApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/client";
import type { Recipient } from "@/lib/db/schema";
import { getRecipientByExternalId } from "@/lib/db/queries/recipients";
import { recipientIdSchema } from "@/lib/notifications/schemas";

/** The recipient the host app knows by this id, or a 404 naming it. */
export async function getRecipientOrThrow(db: Db, externalId: string): Promise<Recipient> {
  // An id no recipient can have (a NUL in a path, say) is not looked up: Postgres would refuse it.
  const recipient = recipientIdSchema.safeParse(externalId).success ? await getRecipientByExternalId(db, externalId) : null;
  if (!recipient) throw new HeraldApiError("not_found", `No recipient with id '${externalId}'.`);
  return recipient;
}
