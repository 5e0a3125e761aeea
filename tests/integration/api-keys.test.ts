import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, hashApiKey, listApiKeys, revokeApiKey, verifyApiKey } from "@/lib/auth/api-keys";
import { cliActor } from "@/lib/audit/audit-actor";
import { hasScope } from "@/lib/auth/scopes";
import { apiKeys } from "@/lib/db/schema";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";

describe.each(testDatabaseKinds())("API keys on %s", (kind) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t.drop());

  it("store only a hash; the key is returned once and verifies", async () => {
    const { key, apiKey } = await createApiKey(t.database.db, { name: "ci", scopes: ["notifications:write"] }, cliActor);
    expect(key).toMatch(/^hk_[A-Za-z0-9_-]{43}$/);
    const [row] = await t.database.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(row!.keyHash).toBe(hashApiKey(key));
    expect(JSON.stringify(row)).not.toContain(key.slice(3));
    expect(JSON.stringify(await listApiKeys(t.database.db))).not.toContain(row!.keyHash);

    const verified = await verifyApiKey(t.database.db, key);
    expect(verified?.id).toBe(apiKey.id);
    expect(verified && hasScope(verified.scopes, "notifications:write")).toBe(true);
    expect(verified && hasScope(verified.scopes, "recipients:write")).toBe(false);
    const [used] = await t.database.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(used!.lastUsedAt).toBeInstanceOf(Date);
  });

  it("reject wrong, malformed and revoked keys", async () => {
    const { key, apiKey } = await createApiKey(t.database.db, { name: "to revoke" }, cliActor);
    expect(await verifyApiKey(t.database.db, key.slice(0, -1) + (key.endsWith("A") ? "B" : "A"))).toBeNull();
    expect(await verifyApiKey(t.database.db, "not-a-key")).toBeNull();
    const revoked = await revokeApiKey(t.database.db, apiKey.id, cliActor);
    expect(revoked?.revokedAt).toBeInstanceOf(Date);
    expect(await verifyApiKey(t.database.db, key)).toBeNull();
    const again = await revokeApiKey(t.database.db, apiKey.id, cliActor);
    expect(again?.revokedAt?.getTime()).toBe(revoked?.revokedAt?.getTime());
    expect(await revokeApiKey(t.database.db, "00000000-0000-4000-8000-000000000000", cliActor)).toBeNull();
    expect(await revokeApiKey(t.database.db, "nope", cliActor)).toBeNull();
  });

  it("refuse bad input without writing", async () => {
    const before = (await listApiKeys(t.database.db)).length;
    await expect(createApiKey(t.database.db, { name: "" }, cliActor)).rejects.toThrow(/name/);
    await expect(createApiKey(t.database.db, { name: "x", scopes: ["everything"] }, cliActor)).rejects.toThrow();
    expect((await listApiKeys(t.database.db)).length).toBe(before);
  });
});
