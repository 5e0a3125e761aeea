import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { createApiKeyAsAdmin, signInCookie } from "../support/http-session";

// 1,000 generated malformed bodies to the real endpoint: every answer is a 4xx whose JSON names
// the problem, and nothing is written (no new notification runs, no new inbox items).
describe.each(inject("apps"))("POST /api/v1/notifications with malformed bodies, on $kind", ({ baseUrl }) => {
  it("answers each with a 4xx naming the field and writes nothing", async () => {
    const admin = await signInCookie(baseUrl, "admin@example.com");
    const key = await createApiKeyAsAdmin(baseUrl, "fuzz", ["notifications:write"]);
    const written = async () => {
      const runs = await (await fetch(`${baseUrl}/api/admin/runs?functionId=herald-deliver-notification&limit=1`, { headers: { cookie: admin } })).json();
      return runs.data[0]?.id ?? null;
    };
    const before = await written();

    const body = fc.oneof(
      fc.anything().map((v) => JSON.stringify(v) ?? "null"),
      fc.string().filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }),
      fc.record({ to: fc.anything(), type: fc.anything(), data: fc.anything() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
      fc.record({ to: fc.constantFrom("alice", ["alice"], []), type: fc.string(), priority: fc.string(), sendAt: fc.string() }).map((v) => JSON.stringify(v)),
      fc.record({ to: fc.array(fc.record({ id: fc.string(), email: fc.string(), phone: fc.string(), timezone: fc.string() }), { maxLength: 3 }) }).map((v) => JSON.stringify(v)),
      fc.record({ to: fc.constant("alice"), content: fc.record({ in_app: fc.record({ title: fc.oneof(fc.constant(""), fc.integer()) }), sms: fc.anything() }), channels: fc.array(fc.string()) }).map((v) => JSON.stringify(v)),
    );
    const samples = fc.sample(body, { numRuns: 1000, seed: 7 });
    let index = 0;
    const answers: { status: number; body: { error?: { message?: string; issues?: { path: string }[] } } ; sent: string }[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (index < samples.length) {
          const sent = samples[index++]!;
          const response = await fetch(`${baseUrl}/api/v1/notifications`, {
            method: "POST",
            headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
            body: sent,
          });
          answers.push({ status: response.status, body: await response.json(), sent });
        }
      }),
    );
    for (const answer of answers) {
      expect(answer.status, answer.sent).toBeGreaterThanOrEqual(400);
      expect(answer.status, answer.sent).toBeLessThan(500);
      expect(answer.body.error?.message, answer.sent).toBeTruthy();
      if (answer.status === 422) expect(answer.body.error?.issues?.[0]?.path, answer.sent).toBeTruthy();
    }
    expect(await written()).toBe(before);
  });
});
