import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLocalUsers } from "@/lib/auth/session-user";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { listInboxPage } from "@/lib/db/queries/inbox";
import { renderTemplate } from "@/lib/templates/render-template";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";

const counts = (database: Awaited<ReturnType<typeof createTestDatabase>>["database"]) =>
  database.query<Record<string, number>>(
    `select (select count(*)::int from auth.users) as users, (select count(*)::int from recipients) as recipients,
            (select count(*)::int from notification_types) as types, (select count(*)::int from templates) as templates,
            (select count(*)::int from inbox_items) as items`,
  );

describe.each(testDatabaseKinds())("demo data on %s", (kind) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t.drop());

  it("seeds alice, bob and a member of each role, with inbox items, and a second run adds nothing", async () => {
    await seedDemoData(t.database);
    const [first] = await counts(t.database);
    await seedDemoData(t.database);
    expect(await counts(t.database)).toEqual([first]);
    const users = await listLocalUsers(t.database.db);
    expect(users.map((u) => [u.email, u.role])).toEqual([
      ["admin@example.com", "admin"],
      ["alice@example.com", "user"],
      ["bob@example.com", "user"],
      ["editor@example.com", "editor"],
      ["owner@example.com", "owner"],
      ["viewer@example.com", "viewer"],
    ]);
    const alice = users.find((u) => u.email === "alice@example.com")!;
    const page = await listInboxPage(t.database.db, alice.recipientId!, { limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.hasMore).toBe(true);
    const next = await listInboxPage(t.database.db, alice.recipientId!, { limit: 2, after: page.after! });
    expect(next.items.map((i) => i.id)).not.toContain(page.items[0]!.id);
    expect(page.items[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(page.items[1]!.createdAt.getTime());
    expect(page.counts?.total).toBe(3);
  });

  it("gives every seeded type an English template for each channel it sends on, the weekly digest included", async () => {
    await seedDemoData(t.database);
    const rows = await t.database.query<{ key: string; channel: string; content: Record<string, string> | null }>(
      `select nt.key, c.channel, tp.content
         from notification_types nt
         cross join lateral unnest(nt.default_channels || coalesce(array(select jsonb_array_elements_text(nt.escalation->'channels')), '{}')) as c(channel)
         left join templates tp on tp.notification_type_id = nt.id and tp.channel = c.channel and tp.locale = 'en'
        where nt.key <> 'default'`,
    );
    expect(rows.filter((r) => !r.content).map((r) => `${r.key}/${r.channel}`)).toEqual([]);
    expect(rows.map((r) => r.key)).toContain("digest.weekly");
    const digest = rows.find((r) => r.key === "digest.weekly" && r.channel === "email")!;
    expect(renderTemplate("email", digest.content!, { summary: "12 comments and 3 mentions this week.", url: "/inbox" })).toMatchObject({
      subject: "Your weekly digest",
      html: expect.stringContaining("<p>12 comments and 3 mentions this week.</p>"),
    });
  });
});
