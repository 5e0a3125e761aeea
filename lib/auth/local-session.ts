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

export async function issueSessionToken(db: Db, userId: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${SESSION_MAX_AGE_SECONDS}s`)
    .sign(await sessionSecret(db));
}

/** The user id in a valid, unexpired token; null for anything else. */
export async function readSessionToken(db: Db, token: string): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, await sessionSecret(db), { issuer: ISSUER, algorithms: ["HS256"] });
    return typeof payload.sub === "string" ? payload.sub : null;
  } catch {
    return null;
  }
}
