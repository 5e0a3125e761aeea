import { describe, expect, inject, it } from "vitest";

async function signIn(baseUrl: string, email: string) {
  const response = await fetch(`${baseUrl}/api/auth/dev-sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email }),
  });
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

/** Reads SSE frames from a response until one matches, or the time runs out. */
async function waitForFrame(response: Response, match: (frame: { id: number; event: string; data: { item: { title: string } } }) => boolean, timeoutMs = 5_000) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
      if (!chunk || chunk.done) return null;
      text += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = text.indexOf("\n\n")) >= 0) {
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        const fields = Object.fromEntries(block.split("\n").filter((l) => !l.startsWith(":")).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]));
        if (!fields.id) continue;
        const frame = { id: Number(fields.id), event: fields.event!, data: JSON.parse(fields.data!) };
        if (match(frame)) return frame;
      }
    }
    return null;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

describe.each(inject("apps"))("GET /api/inbox/stream on $kind", ({ baseUrl }) => {
  it("streams the signed-in user's new items live, and replays missed ones after Last-Event-ID", async () => {
    const admin = await signIn(baseUrl, "admin@example.com");
    const { data } = await (
      await fetch(`${baseUrl}/api/admin/api-keys`, { method: "POST", headers: { cookie: admin, "content-type": "application/json" }, body: JSON.stringify({ name: "stream" }) })
    ).json();
    const send = (title: string) =>
      fetch(`${baseUrl}/api/v1/notifications`, {
        method: "POST",
        headers: { authorization: `Bearer ${data.key}`, "content-type": "application/json" },
        body: JSON.stringify({ to: ["alice"], content: { in_app: { title } } }),
      });
    const alice = await signIn(baseUrl, "alice@example.com");
    const bob = await signIn(baseUrl, "bob@example.com");

    expect((await fetch(`${baseUrl}/api/inbox/stream`)).status).toBe(401);
    const aliceStream = await fetch(`${baseUrl}/api/inbox/stream`, { headers: { cookie: alice } });
    expect(aliceStream.headers.get("content-type")).toMatch(/text\/event-stream/);
    const bobStream = await fetch(`${baseUrl}/api/inbox/stream`, { headers: { cookie: bob } });
    const title = `Live ${Date.now()}`;
    const [live, leaked] = await Promise.all([
      waitForFrame(aliceStream, (f) => f.event === "INSERT" && f.data.item.title === title),
      waitForFrame(bobStream, (f) => f.data.item.title === title, 2_500),
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
    expect(await waitForFrame(resumed, (f) => f.data.item.title === missed)).not.toBeNull();
  });
});
