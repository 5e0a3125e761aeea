import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { listInboxPage } from "@/lib/db/queries/inbox";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";

const ALICE = "a1111111-1111-4111-8111-111111111111";

describe.each(testDatabaseKinds())("demo inbox actors on %s", (kind) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t.drop());

  it("names who each person-sent demo item is from, keeps an actor already set, and leaves the rest alone", async () => {
    await seedDemoData(t.database);
    await t.database.query(`update inbox_items set data = jsonb_build_object('actor', jsonb_build_object('name', 'Someone Else')) where recipient_id = $1 and title = 'Bob Chen commented'`, [ALICE]);
    await seedDemoData(t.database);
    const { items } = await listInboxPage(t.database.db, ALICE, { status: "all" });
    const actors = Object.fromEntries(items.map((i) => [i.title, (i.data as { actor?: unknown }).actor ?? null]));
    expect(actors).toEqual({
      "Bob Chen commented": { name: "Someone Else" },
      "Priya mentioned you": { name: "Priya Patel", avatarUrl: "/avatars/priya.svg" },
      "New task: Update the onboarding copy": { name: "Ada Admin" },
    });
  });
});
