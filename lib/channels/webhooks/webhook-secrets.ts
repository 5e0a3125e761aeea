import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { sessionSecret } from "@/lib/auth/local-session";

/** A Standard Webhooks secret: 32 random bytes, base64, prefixed `whsec_`. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

async function encryptionKey(db: Db): Promise<Buffer> {
  const configured = getEnv().HERALD_ENCRYPTION_KEY;
  if (configured) return Buffer.from(configured, "base64");
  // The embedded default has no key management: derive one from the session secret.
  return Buffer.from(hkdfSync("sha256", await sessionSecret(db), "herald", "webhook-secrets", 32));
}

/** AES-256-GCM, stored as `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export async function encryptSecret(db: Db, secret: string): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", await encryptionKey(db), iv);
  const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), data].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export async function decryptSecret(db: Db, stored: string): Promise<string> {
  const [version, iv, tag, data] = stored.split(".");
  if (version !== "v1" || !iv || !tag || !data) throw new Error("Unreadable stored secret");
  const decipher = createDecipheriv("aes-256-gcm", await encryptionKey(db), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
