import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { cliActor } from "@/lib/audit/audit-actor";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { getRecipientPreferences, updateRecipientPreferences } from "@/lib/preferences/recipient-preferences";
import { groupByCategory } from "@/lib/preferences/type-categories";
import { createNotificationType } from "@/lib/templates/create-notification-type";
import { updateNotificationType } from "@/lib/templates/update-notification-type";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";

const ALICE = "a1111111-1111-4111-8111-111111111111";

const issuesOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZodError);
  return (error as ZodError).issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};

describe.each(testDatabaseKinds())("preference categories and quiet-hour zones on %s", (kind) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedDemoData(t.database);
  });
  afterAll(() => t.drop());

  it("demo types carry their category, and the preferences group them in order with uncategorised types last", async () => {
    const prefs = await getRecipientPreferences(t.database.db, ALICE);
    expect(Object.fromEntries(prefs.types.map((type) => [type.key, type.category]))).toEqual({
      "comment.created": "Activity",
      mention: "Activity",
      "task.assigned": "Activity",
      "security.alert": "Account & security",
      "digest.weekly": "Digests",
      default: null,
    });
    expect(groupByCategory(prefs.types).map((g) => [g.category, g.types.map((type) => type.key)])).toEqual([
      ["Activity", ["mention", "comment.created", "task.assigned"]],
      ["Account & security", ["security.alert"]],
      ["Digests", ["digest.weekly"]],
      ["Other", ["default"]],
    ]);
  });

  it("an admin sets, renames and clears a type's category; a blank or overlong one is refused", async () => {
    const created = await createNotificationType(t.database.db, { key: "promo.spring", name: "Spring offers", category: "  Marketing " }, cliActor);
    expect(created.category).toBe("Marketing");
    expect((await updateNotificationType(t.database.db, "promo.spring", { category: "Product news" }, cliActor)).category).toBe("Product news");
    // Other fields leave the category alone.
    expect((await updateNotificationType(t.database.db, "promo.spring", { name: "Spring deals" }, cliActor)).category).toBe("Product news");

    expect(await issuesOf(updateNotificationType(t.database.db, "promo.spring", { category: "   " }, cliActor))).toEqual([
      { path: "category", message: "a category needs a name, or leave it empty" },
    ]);
    expect((await issuesOf(updateNotificationType(t.database.db, "promo.spring", { category: "x".repeat(61) }, cliActor)))[0]!.path).toBe("category");
    // The database holds the same line for anything that skips the schema.
    await expect(t.database.query("update notification_types set category = '' where key = 'promo.spring'")).rejects.toThrow(/notification_types_category_length/);

    const prefs = await getRecipientPreferences(t.database.db, ALICE);
    expect(prefs.types.find((type) => type.key === "promo.spring")?.category).toBe("Product news");
    expect((await updateNotificationType(t.database.db, "promo.spring", { category: null }, cliActor)).category).toBeNull();
    const [row] = await t.database.query<{ category: string | null }>("select category from notification_types where key = 'promo.spring'");
    expect(row!.category).toBeNull();
  });

  it("quiet hours keep a real IANA zone and refuse anything else, writing nothing", async () => {
    const quiet = (timezone: string) => ({ quietHours: { enabled: true, start: "22:00", end: "07:00", timezone } });
    const saved = await updateRecipientPreferences(t.database.db, ALICE, quiet("Europe/Berlin"));
    expect(saved.quietHours).toEqual({ enabled: true, start: "22:00", end: "07:00", timezone: "Europe/Berlin" });
    expect((await updateRecipientPreferences(t.database.db, ALICE, quiet("UTC"))).quietHours?.timezone).toBe("UTC");
    expect((await updateRecipientPreferences(t.database.db, ALICE, quiet("America/Argentina/Buenos_Aires"))).quietHours?.timezone).toBe("America/Argentina/Buenos_Aires");

    for (const zone of ["Mars/Olympus", "+01:00", "GMT+1", "", "Europe/Berlin; drop table quiet_hours", "Europe/" + "x".repeat(64)]) {
      const issues = await issuesOf(updateRecipientPreferences(t.database.db, ALICE, quiet(zone)));
      expect(issues.map((i) => i.path), zone).toEqual(["quietHours.timezone"]);
    }
    const [row] = await t.database.query<{ timezone: string }>("select timezone from quiet_hours where recipient_id = $1", [ALICE]);
    expect(row!.timezone).toBe("America/Argentina/Buenos_Aires");
  });
});
