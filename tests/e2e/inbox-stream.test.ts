import { describe, expect, inject, it } from "vitest";
import { createApiKeyAsAdmin, signInCookie } from "../support/http-session";
import { waitForSseFrame } from "../support/sse-frames";

describe.each(inject("apps"))("GET /api/inbox/stream on $kind", ({ baseUrl }) => {
  it("streams the signed-in user's new items live, and replays missed ones after Last-Event-ID", async () => {
    const key = await createApiKeyAsAdmin(baseUrl, "stream");
    const send = (title: string) =>
      fetch(`${baseUrl}/api/v1/notifications`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ to: ["alice"], content: { in_app: { title } } }),
      });
    const alice = await signInCookie(baseUrl, "alice@example.com");
    const bob = await signInCookie(baseUrl, "bob@example.com");

    expect((await fetch(`${baseUrl}/api/inbox/stream`)).status).toBe(401);
    const aliceStream = await fetch(`${baseUrl}/api/inbox/stream`, { headers: { cookie: alice } });
    expect(aliceStream.headers.get("content-type")).toMatch(/text\/event-stream/);
    const bobStream = await fetch(`${baseUrl}/api/inbox/stream`, { headers: { cookie: bob } });
    const title = `Live ${Date.now()}`;
    const [live, leaked] = await Promise.all([
      waitForSseFrame(aliceStream, (f) => f.event === "INSERT" && f.data.item.title === title),
      waitForSseFrame(bobStream, (f) => f.data.item.title === title, 2_500),
      (async () => {
        await new Promise((r) => setTimeout(r, 300));
        expect((await send(title)).status).toBe(202);
      })(),
    ]);
    expect(live).not.toBeNull();
    expect(leaked).toBeNull();

    // Disconnected now; a notification arrives meanwhile; reconnecting with Last-Event-ID gets it.
    const missed = `Missed ${Date.now()}`;
    await send(missed);
    await new Promise((r) => setTimeout(r, 1_500));
    const resumed = await fetch(`${baseUrl}/api/inbox/stream`, { headers: { cookie: alice, "last-event-id": String(live!.id) } });
    expect(await waitForSseFrame(resumed, (f) => f.data.item.title === missed)).not.toBeNull();
  });
});
