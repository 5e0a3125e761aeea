import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "@/lib/db/seed-demo-data";
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
    const saved = await saveTemplate(t.database.db, "comment.created", { channel: "in_app", content: { title: "{{ author }} replied" } }, null);
    expect(saved.version).toBe(2);
    expect((await saveTemplate(t.database.db, "comment.created", { channel: "in_app", content: { title: "again" } }, null)).version).toBe(3);
    await expect(saveTemplate(t.database.db, "comment.created", { channel: "email", content: { subject: "x", html: "<p>\n{% if %}" } }, null)).rejects.toMatchObject({
      code: "unprocessable_entity",
      issues: [{ path: "content.html" }],
    });
    await t.database.query(`update notification_types set template_settings = '{"variables": ["author", "excerpt", "url"]}' where key = 'comment.created'`);
    await expect(
      saveTemplate(t.database.db, "comment.created", { channel: "in_app", content: { title: "ok {{ author }}", body: "\\n {{ autor }}" } }, null),
    ).rejects.toMatchObject({ message: expect.stringMatching(/content\.body 1:\d+: unknown variable "autor"/) });
    await expect(saveTemplate(t.database.db, "nope", { channel: "in_app", content: { title: "x" } }, null)).rejects.toMatchObject({ code: "not_found" });
  });

  it("preview renders with sample data and reports what is missing", () => {
    expect(previewTemplate({ channel: "email", content: { subject: "Hi {{ name }}", html: "<b>{{ name }}</b>" }, data: { name: "<Ann>" } })).toEqual({
      subject: "Hi <Ann>",
      html: "<b>&lt;Ann&gt;</b>",
    });
    expect(() => previewTemplate({ channel: "sms", content: { body: "{{ missing }}" }, data: {} })).toThrow(/missing/);
  });
});
