import { SignJWT, jwtVerify } from "jose";
import type { Db } from "@/lib/db/client";
import { sessionSecret } from "./local-session";

const AUDIENCE = "herald:inbox-stream";
export const STREAM_TICKET_TTL_SECONDS = 60;

/**
 * `EventSource` cannot send an Authorization header, so a page holding a user token trades it
 * for a ticket that names one inbox topic and lives a minute: enough to open the stream, too
 * short to matter if the URL lands in a log. It is checked when the stream opens, not after.
 */
export async function issueStreamTicket(db: Db, recipientId: string, topic: string): Promise<{ ticket: string; expiresAt: string }> {
  const expiresAt = new Date(Date.now() + STREAM_TICKET_TTL_SECONDS * 1000);
  const ticket = await new SignJWT({ topic })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(recipientId)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await sessionSecret(db));
  return { ticket, expiresAt: expiresAt.toISOString() };
}

/** The recipient and topic of a valid, unexpired ticket; null for anything else. */
export async function readStreamTicket(db: Db, ticket: string): Promise<{ recipientId: string; topic: string } | null> {
  try {
    const { payload } = await jwtVerify(ticket, await sessionSecret(db), { audience: AUDIENCE, algorithms: ["HS256"], requiredClaims: ["exp"] });
    return typeof payload.sub === "string" && typeof payload.topic === "string" ? { recipientId: payload.sub, topic: payload.topic } : null;
  } catch {
    return null;
  }
}
