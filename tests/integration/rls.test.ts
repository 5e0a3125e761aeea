import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, RawTransaction } from "@/lib/db/client";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";

const ALICE = "11111111-1111-4111-8111-111111111111";
const ALICE_RECIPIENT = "a1111111-1111-4111-8111-111111111111";
const BOB_RECIPIENT = "b2222222-2222-4222-8222-222222222222";

/** Runs queries the way Supabase's Data API does for a signed-in user (or anon), then rolls back. */
async function as<T>(database: Database, role: "authenticated" | "anon", sub: string | null, fn: (tx: RawTransaction) => Promise<T>) {
  let result: T;
  await database
    .transaction(async (tx) => {
      await tx.query(`set local role ${role}`);
      await tx.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(sub ? { sub, role } : { role })]);
      result = await fn(tx);
      throw new Error("rollback");
    })
    .catch((error: Error) => {
      if (error.message !== "rollback") throw error;
    });
  return result!;
}

describe.each(testDatabaseKinds())("row-level security on %s", (kind) => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await seedDemoData(db.database);
  });
  afterAll(() => db.drop());

  it("alice reads only her own inbox items, recipient row, and notifications", async () => {
    const rows = await as(db.database, "authenticated", ALICE, (tx) =>
      tx.query<{ recipient_id: string }>("select recipient_id from inbox_items"),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.recipient_id))).toEqual(new Set([ALICE_RECIPIENT]));
    const recipients = await as(db.database, "authenticated", ALICE, (tx) => tx.query<{ external_id: string }>("select external_id from recipients"));
    expect(recipients.map((r) => r.external_id)).toEqual(["alice"]);
  });

  it("alice cannot mark bob's items read, and cannot rewrite her own items' content", async () => {
    const updated = await as(db.database, "authenticated", ALICE, (tx) =>
      tx.query("update inbox_items set read_at = now() where recipient_id = $1 returning id", [BOB_RECIPIENT]),
    );
    expect(updated).toEqual([]);
    const own = await as(db.database, "authenticated", ALICE, (tx) =>
      tx.query("update inbox_items set read_at = now() where recipient_id = $1 returning id", [ALICE_RECIPIENT]),
    );
    expect(own.length).toBeGreaterThan(0);
    await expect(
      as(db.database, "authenticated", ALICE, (tx) => tx.query("update inbox_items set title = 'x' where recipient_id = $1", [ALICE_RECIPIENT])),
    ).rejects.toThrow(/permission denied/);
    const [bob] = await db.database.query<{ unread: number }>(
      "select count(*)::int as unread from inbox_items where recipient_id = $1 and read_at is null",
      [BOB_RECIPIENT],
    );
    expect(bob!.unread).toBeGreaterThan(0);
  });

  it("alice cannot write preferences for bob, but can for herself", async () => {
    await expect(
      as(db.database, "authenticated", ALICE, (tx) =>
        tx.query("insert into preferences (recipient_id, channel, enabled) values ($1, 'email', false)", [BOB_RECIPIENT]),
      ),
    ).rejects.toThrow(/row-level security/);
    const mine = await as(db.database, "authenticated", ALICE, (tx) =>
      tx.query("insert into preferences (recipient_id, channel, enabled) values ($1, 'email', false) returning id", [ALICE_RECIPIENT]),
    );
    expect(mine).toHaveLength(1);
  });

  it("anon sees nothing, and internal tables are closed even to signed-in users", async () => {
    for (const table of ["inbox_items", "recipients", "preferences", "notifications", "push_tokens", "quiet_hours"]) {
      const rows = await as(db.database, "anon", null, (tx) => tx.query(`select * from ${table}`));
      expect(rows, table).toEqual([]);
    }
    for (const table of ["api_keys", "settings", "outbox_messages", "deliveries"]) {
      await expect(as(db.database, "authenticated", ALICE, (tx) => tx.query(`select * from ${table}`)), table).rejects.toThrow(
        /permission denied/,
      );
    }
  });
});
