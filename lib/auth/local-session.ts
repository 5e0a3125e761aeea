import { randomBytes } from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { getEnv } from "@/lib/env";
import type { Db } from "@/lib/db/client";
import { settings } from "@/lib/db/schema";
import { eq } from "drizzle-orm";

export const SESSION_COOKIE = "herald_session";
export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 24 * 7;
const ISSUER = "herald";

let secret: Uint8Array | undefined;

/**
 * SESSION_SECRET when set; otherwise one generated on first use and kept in the database, so
 * every process on the same database accepts the same cookies.
 */
export async function sessionSecret(db: Db): Promise<Uint8Array> {
  if (secret) return secret;
  const configured = getEnv().SESSION_SECRET;
  if (configured) return (secret = new TextEncoder().encode(configured));
  await db
    .insert(settings)
    .values({ key: "session_secret", value: randomBytes(48).toString("base64url") })
    .onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, "session_secret"));
  return (secret = new TextEncoder().encode(row!.value));
}

/** How a session was begun: a session from local sign-in is worthless once local sign-in is off. */
export type SessionMethod = "local" | "email-link";

export async function issueSessionToken(db: Db, userId: string, method: SessionMethod): Promise<string> {
  return new SignJWT({ amr: [method] })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${SESSION_MAX_AGE_SECONDS}s`)
    .sign(await sessionSecret(db));
}

/** The user id in a valid, unexpired token begun by a method still in use; null for anything else. */
export async function readSessionToken(db: Db, token: string, method: SessionMethod): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, await sessionSecret(db), { issuer: ISSUER, algorithms: ["HS256"] });
    const amr = Array.isArray(payload.amr) ? payload.amr : [];
    return typeof payload.sub === "string" && amr.includes(method) ? payload.sub : null;
  } catch {
    return null;
  }
}
