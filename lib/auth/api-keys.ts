import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { apiKeys, type ApiKey } from "@/lib/db/schema";
import { apiKeyScopeSchema, defaultApiKeyScopes } from "./scopes";

const KEY_PREFIX = "hk_";

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, { error: "a name is required" }).max(100),
  scopes: z.array(apiKeyScopeSchema).min(1).default(defaultApiKeyScopes),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export type ApiKeySummary = Omit<ApiKey, "keyHash">;

/** Keys carry 256 random bits, so a plain SHA-256 is a sufficient one-way hash. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

function summary(row: ApiKey): ApiKeySummary {
  const { keyHash, ...rest } = row;
  void keyHash;
  return rest;
}

// What the audit log keeps of a key: never the key, its hash or its prefix.
const audited = ({ id, name, scopes, createdBy, revokedAt }: ApiKey) => ({ id, name, scopes, createdBy, revokedAt });

/** Creates a key and returns it in full; this is the only time the secret exists in clear. */
export async function createApiKey(db: Db, input: CreateApiKeyInput | unknown, actor: AuditActor) {
  const { name, scopes } = createApiKeySchema.parse(input);
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ name, scopes, prefix: key.slice(0, 10), keyHash: hashApiKey(key), createdBy: actor.type === "user" ? actor.id : null })
      .returning();
    await recordAudit(tx, actor, { action: "api_key.create", target: { type: "api_key", id: row!.id }, after: audited(row!) });
    return { key, apiKey: summary(row!) };
  });
}

export async function listApiKeys(db: Db): Promise<ApiKeySummary[]> {
  const rows = await db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
  return rows.map(summary);
}

/**
 * Revokes a key; revoking twice keeps the first revocation time (and is audited once).
 * Returns null for an unknown id.
 */
export async function revokeApiKey(db: Db, id: string, actor: AuditActor): Promise<ApiKeySummary | null> {
  if (!z.uuid().safeParse(id).success) return null;
  return db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning();
    if (revoked) {
      await recordAudit(tx, actor, { action: "api_key.revoke", target: { type: "api_key", id }, before: { ...audited(revoked), revokedAt: null }, after: audited(revoked) });
      return summary(revoked);
    }
    const [row] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id));
    return row ? summary(row) : null;
  });
}

/** The active key matching a presented secret, or null. Records use at most once a minute. */
export async function verifyApiKey(db: Db, presented: string): Promise<ApiKeySummary | null> {
  if (!presented.startsWith(KEY_PREFIX) || presented.length > 200) return null;
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(presented)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  const minuteAgo = new Date(Date.now() - 60_000);
  if (!row.lastUsedAt || row.lastUsedAt < minuteAgo) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: new Date() })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, minuteAgo))));
  }
  return summary(row);
}
