import { describe, expect, inject, it } from "vitest";
import { signInCookie } from "../support/http-session";
import { waitFor } from "../support/wait-for";

const baseUrl = inject("baseUrl");

describe("durable execution inside the app", () => {
  it("an event sent by a route runs the function on the embedded executor, visible in the runs API", async () => {
    const cookie = await signInCookie(baseUrl, "admin@example.com");
    const headers = { cookie, "content-type": "application/json" };
    const sent = await fetch(`${baseUrl}/api/admin/realtime/cleanup`, { method: "POST", headers, body: JSON.stringify({ olderThanHours: 2 }) });
    expect(sent.status).toBe(202);
    expect((await sent.json()).data.eventId).toMatch(/^\w+$/);

    const run = await waitFor(
      async () => {
        const list = await (await fetch(`${baseUrl}/api/admin/runs?functionId=herald-cleanup-realtime-messages`, { headers })).json();
        const latest = list.data[0] as { id: string; status: string; output: unknown } | undefined;
        return latest?.status === "completed" ? latest : null;
      },
      { what: "the cleanup run to complete", timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(run).toMatchObject({ status: "completed", output: { deleted: 0, olderThanHours: 2 } });
    const detail = await (await fetch(`${baseUrl}/api/admin/runs/${run.id}`, { headers })).json();
    expect(detail.data.steps).toMatchObject([{ stepId: "delete-old-messages", op: "StepRun", attempts: 1 }]);

    expect((await fetch(`${baseUrl}/api/admin/realtime/cleanup`, { method: "POST", headers, body: JSON.stringify({ olderThanHours: 0 }) })).status).toBe(422);
    expect((await fetch(`${baseUrl}/api/admin/runs/not-a-uuid`, { headers })).status).toBe(422);
  });

  it("/api/inngest refuses calls that the executor did not sign", async () => {
    const response = await fetch(`${baseUrl}/api/inngest?fnId=herald-cleanup-realtime-messages&stepId=step`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ event: { name: "realtime/cleanup.requested", data: {} }, steps: {}, ctx: { run_id: "x", attempt: 0, max_attempts: 1 } }),
    });
    expect(response.status).toBe(401);
  });
});
