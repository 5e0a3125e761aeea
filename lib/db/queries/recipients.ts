import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { recipients, type Recipient } from "../schema";

export async function getRecipientByExternalId(db: Db, externalId: string): Promise<Recipient | null> {
  const [row] = await db.select().from(recipients).where(eq(recipients.externalId, externalId)).limit(1);
  return row ?? null;
}

export async function getRecipientById(db: Db, id: string): Promise<Recipient | null> {
  const [row] = await db.select().from(recipients).where(eq(recipients.id, id)).limit(1);
  return row ?? null;
}
