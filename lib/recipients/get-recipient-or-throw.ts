import { HeraldApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/client";
import type { Recipient } from "@/lib/db/schema";
import { getRecipientByExternalId } from "@/lib/db/queries/recipients";

/** The recipient the host app knows by this id, or a 404 naming it. */
export async function getRecipientOrThrow(db: Db, externalId: string): Promise<Recipient> {
  const recipient = await getRecipientByExternalId(db, externalId);
  if (!recipient) throw new HeraldApiError("not_found", `No recipient with id '${externalId}'.`);
  return recipient;
}
