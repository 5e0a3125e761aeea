import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { cliActor } from "@/lib/audit/audit-actor";
import { previewTemplate, saveTemplate } from "@/lib/templates/save-template";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";

describe.each(testDatabaseKinds())("templates on %s", (kind) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedDemoData(t.database);
  });
  afterAll(() => t.drop());

  it("save as the next version, and refuse syntax errors and unknown variables with line and column", async () => {
    const saved = await saveTemplate(t.database.db, "comment.created", { channel: "in_app", content: { title: "{{ author }} replied" } }, cliActor);
    expect(saved.version).toBe(2);
    expect((await saveTemplate(t.database.db, "comment.created", { channel: "in_app", content: { title: "again" } }, cliActor)).version).toBe(3);
    await expect(saveTemplate(t.database.db, "comment.created", { channel: "email", content: { subject: "x", html: "<p>\n{% if %}" } }, cliActor)).rejects.toMatchObject({
      code: "unprocessable_entity",
      issues: [{ path: "content.html" }],
    });
    await t.database.query(`update notification_types set template_settings = '{"variables": ["author", "excerpt", "url"]}' where key = 'comment.created'`);
    await expect(
      saveTemplate(t.database.db, "comment.created", { channel: "in_app", content: { title: "ok {{ author }}", body: "\\n {{ autor }}" } }, cliActor),
    ).rejects.toMatchObject({ message: expect.stringMatching(/content\.body 1:\d+: unknown variable "autor"/) });
    await expect(saveTemplate(t.database.db, "nope", { channel: "in_app", content: { title: "x" } }, cliActor)).rejects.toMatchObject({ code: "not_found" });
  });

  it("saves at once get consecutive versions; a save over a newer version than it started from is a 409", async () => {
    const before = (await saveTemplate(t.database.db, "comment.created", { channel: "sms", content: { body: "first" } }, cliActor)).version;
    const saved = await Promise.all(
      Array.from({ length: 6 }, (_, i) => saveTemplate(t.database.db, "comment.created", { channel: "sms", content: { body: `edit ${i}` } }, cliActor)),
    );
    expect(saved.map((s) => s.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6].map((n) => before + n));
    const latest = before + 6;
    await expect(
      saveTemplate(t.database.db, "comment.created", { channel: "sms", content: { body: "stale" }, baseVersion: latest - 1 }, cliActor),
    ).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining(`version ${latest}`) });
    expect((await saveTemplate(t.database.db, "comment.created", { channel: "sms", content: { body: "fresh" }, baseVersion: latest }, cliActor)).version).toBe(latest + 1);
  });

  it("preview renders with sample data and reports what is missing", () => {
    expect(previewTemplate({ channel: "email", content: { subject: "Hi {{ name }}", html: "<b>{{ name }}</b>" }, data: { name: "<Ann>" } })).toEqual({
      subject: "Hi <Ann>",
      html: "<b>&lt;Ann&gt;</b>",
    });
    expect(() => previewTemplate({ channel: "sms", content: { body: "{{ missing }}" }, data: {} })).toThrow(/missing/);
  });
});
