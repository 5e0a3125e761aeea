import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signInThroughPage } from "../support/browser";
import { createApiKeyAsAdmin, signInCookie } from "../support/http-session";
import { parsePrometheusText } from "../support/prometheus-text";
import { waitFor } from "../support/wait-for";

const baseUrl = inject("baseUrl");
const run = randomBytes(4).toString("hex");
// A recipient in a locale no other test uses, so the failing template below touches nobody else.
const deadRecipient = { id: `dead-${run}`, name: "Dora Dead", email: `dora-${run}@example.com`, locale: "eo" };

type Detail = {
  notification: { id: string; status: string };
  deliveries: { id: string; channel: string; status: string; replayCount: number; events: { status: string }[] }[];
  durable: { runs: { functionId: string; status: string; steps: { stepId: string }[] }[] | null };
  inProgress: boolean;
};

describe("admin: what happened to this message", () => {
  let browser: Browser;
  let admin: string;
  let key: string;
  const ok: string[] = [];
  let deadNotification = "";
  let secondDead = "";

  const api = async <T,>(url: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${baseUrl}${url}`, { ...init, headers: { cookie: admin, "content-type": "application/json", ...init.headers } });
    if (!response.ok) throw new Error(`${init.method ?? "GET"} ${url}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const send = async (body: unknown) => {
    const response = await fetch(`${baseUrl}/api/v1/notifications`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(202);
    return ((await response.json()).data.notifications as { id: string }[]).map((n) => n.id);
  };
  const detail = (id: string) => api<{ data: Detail }>(`/api/admin/notifications/${id}`).then((b) => b.data);
  const settled = (id: string) =>
    waitFor(
      async () => {
        const d = await detail(id);
        return d.inProgress ? null : d;
      },
      { what: `notification ${id} to settle`, timeoutMs: 10_000, intervalMs: 100 },
    );
  const saveDigestTemplate = (subject: string) =>
    api("/api/admin/types/digest.weekly/templates", { method: "POST", body: JSON.stringify({ channel: "email", locale: "eo", content: { subject, html: `<p>${subject}</p>` } }) });

  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await signInCookie(baseUrl, "admin@example.com");
    key = await createApiKeyAsAdmin(baseUrl, `observe-${run}`, ["notifications:write"]);
    await saveDigestTemplate("Digest for {{ week }}");
    ok.push(...(await send({ to: ["alice", "bob"], type: "comment.created", data: { author: `Obs ${run}`, excerpt: "Looks right", url: "/p/1" } })));
    ok.push(...(await send({ to: "alice", type: "security.alert", data: { location: "Porto" } })));
    deadNotification = (await send({ to: [deadRecipient], type: "digest.weekly", data: {} }))[0]!;
    secondDead = (await send({ to: [{ ...deadRecipient, id: `dan-${run}`, name: "Dan Dead", email: `dan-${run}@example.com` }], type: "digest.weekly", data: {} }))[0]!;
    for (const id of [...ok, deadNotification, secondDead]) await settled(id);
  });
  afterAll(() => browser?.close());

  const open = async (url: string, options: { colorScheme?: "light" | "dark"; width?: number } = {}): Promise<Page> => {
    const page = await signInThroughPage(browser, baseUrl, "Ada Admin", options);
    await page.goto(`${baseUrl}${url}`);
    return page;
  };

  it("the overview draws its charts for the picked range, with the figures as text too", async () => {
    for (const [name, options] of [["light", {}], ["dark", { colorScheme: "dark" as const }], ["375", { width: 375 }]] as const) {
      const page = await open("/admin?range=1h", options);
      await page.getByRole("heading", { name: "Volume per channel" }).waitFor();
      expect(await page.locator(".recharts-surface").count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator(".recharts-bar-rectangle").count()).toBeGreaterThanOrEqual(3);
      const summary = await page.locator("#latency-by-channel-summary").textContent();
      expect(summary).toMatch(/In-app: p50 .* p95 .* p99/);
      await page.getByText("Top failure reasons").waitFor();
      expect(await page.getByText(/^template: /).count()).toBeGreaterThanOrEqual(1);
      await screenshot(page, `admin-overview-${name}`);
      if (name === "light") {
        // The data table behind the chart has the same numbers a sighted user sees.
        await page.locator("section", { hasText: "Volume per channel" }).getByText("Show the data as a table").click();
        expect(await page.locator("section", { hasText: "Volume per channel" }).locator("tbody tr").count()).toBeGreaterThanOrEqual(1);
        await page.getByText("7 d", { exact: true }).click();
        await page.waitForURL(/range=7d/);
        await page.getByRole("heading", { name: "Volume per channel" }).waitFor();
        expect(await page.getByText("Deliveries requested in the last 7 days.").count()).toBe(1);
      }
      await page.context().close();
    }
  });

  it("the deliveries log filters through the URL and pages by cursor", async () => {
    const page = await open("/admin/deliveries?limit=2");
    const rows = page.locator("table tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    const first = await rows.allTextContents();
    await page.getByRole("button", { name: "Older →" }).click();
    await page.waitForURL(/after=/);
    await page.waitForFunction((before) => document.querySelector("table tbody tr")?.textContent !== before, first[0]);
    const second = await rows.allTextContents();
    expect(second.some((row) => first.includes(row))).toBe(false);
    await page.getByRole("button", { name: /Newer|Newest/ }).click();
    await page.waitForFunction((before) => document.querySelector("table tbody tr")?.textContent === before, first[0]);

    await page.getByLabel("Recipient").fill("bob");
    await page.getByLabel("Channel").selectOption("in_app");
    await page.waitForURL(/channel=in_app/);
    expect(new URL(page.url()).searchParams.get("recipient")).toBe("bob");
    await page.waitForFunction(() => {
      const shown = [...document.querySelectorAll("table tbody tr")];
      return shown.length > 0 && shown.every((tr) => tr.textContent?.includes("In-app") && tr.textContent.includes("bob"));
    });
    await screenshot(page, "admin-deliveries-light");

    // The URL alone reproduces the view, in a fresh page.
    const again = await open(`/admin/deliveries?status=failed&recipient=${deadRecipient.id}`, { colorScheme: "dark" });
    await again.locator("table tbody tr").first().waitFor();
    expect(await again.locator("table tbody tr").count()).toBe(1);
    expect(await again.locator("table tbody tr").first().textContent()).toContain("template:");
    expect(await again.getByLabel("Status").inputValue()).toBe("failed");
    await screenshot(again, "admin-deliveries-dark");
    await again.context().close();
    const narrow = await open("/admin/deliveries?limit=5", { width: 375 });
    await narrow.getByRole("list", { name: "Deliveries, newest first" }).getByRole("listitem").first().waitFor();
    expect(await narrow.locator("table").isVisible()).toBe(false);
    await screenshot(narrow, "admin-deliveries-375");
    await narrow.context().close();
    await page.context().close();
  });

  it("the detail page shows each delivery's timeline and the durable run; a delivery id redirects to it", async () => {
    const id = ok[0]!;
    const d = await detail(id);
    for (const [name, options] of [["light", {}], ["dark", { colorScheme: "dark" as const }], ["375", { width: 375 }]] as const) {
      const page = await open(`/admin/deliveries/${name === "light" ? d.deliveries[0]!.id : id}`, options);
      await page.waitForURL(`${baseUrl}/admin/deliveries/${id}`);
      await page.getByRole("heading", { name: "Durable runs" }).waitFor();
      const email = page.locator("article", { has: page.getByRole("heading", { name: /^Email/ }) });
      expect(await email.locator("ol li").allTextContents()).toEqual([expect.stringMatching(/^queued/), expect.stringMatching(/^delivered/)]);
      const runCard = page.locator("article", { has: page.getByRole("heading", { name: "deliver-notification" }) });
      expect(await runCard.locator("tbody th").allTextContents()).toEqual(expect.arrayContaining(["load-and-plan", "deliver-in_app", "deliver-email", "finish"]));
      await screenshot(page, `admin-detail-${name}`);
      await page.context().close();
    }
  });

  it("dead letters replay from the UI, once however often the button is pressed", async () => {
    const failed = await detail(deadNotification);
    expect(failed.notification.status).toBe("failed");
    const delivery = failed.deliveries.find((x) => x.channel === "email")!;
    expect(delivery.status).toBe("failed");

    for (const [name, options] of [["dark", { colorScheme: "dark" as const }], ["375", { width: 375 }]] as const) {
      const page = await open("/admin/dead-letters", options);
      await page.getByText("Dora Dead").filter({ visible: true }).first().waitFor();
      await screenshot(page, `admin-dead-letters-${name}`);
      await page.context().close();
    }

    await saveDigestTemplate("Your weekly digest");
    const page = await open("/admin/dead-letters");
    const checkbox = page.getByRole("checkbox", { name: /Select the Email delivery to Dora Dead/ });
    await checkbox.check();
    await screenshot(page, "admin-dead-letters-light");
    await page.getByRole("button", { name: "Replay 1" }).dblclick();
    await page.getByRole("status").filter({ hasText: "1 replay queued" }).waitFor();

    const done = await settled(deadNotification);
    expect(done.notification.status).toBe("delivered");
    const replayed = done.deliveries.find((x) => x.id === delivery.id)!;
    expect(replayed).toMatchObject({ status: "delivered", replayCount: 1 });
    expect(replayed.events.map((e) => e.status)).toEqual(["queued", "failed", "replay_requested", "delivered"]);
    expect(done.durable.runs!.filter((r) => r.functionId === "herald-replay-delivery")).toMatchObject([{ status: "completed" }]);

    // A second request for the same dead letter claims nothing: it is no longer dead.
    const again = await api<{ data: { replayed: unknown[]; skipped: { reason: string }[] } }>("/api/admin/dead-letters/replay", { method: "POST", body: JSON.stringify({ ids: [delivery.id] }) });
    expect(again.data).toEqual({ replayed: [], skipped: [{ id: delivery.id, reason: "not a dead letter (delivered)" }] });
    await page.getByText("Dora Dead").first().waitFor({ state: "detached" });
    await page.context().close();

    const bad = await fetch(`${baseUrl}/api/admin/dead-letters/replay`, { method: "POST", headers: { cookie: admin, "content-type": "application/json" }, body: JSON.stringify({ ids: ["x"] }) });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.issues[0].path).toBe("ids[0]");
  });

  it("the timeline follows a replay started from the detail page, without a reload", async () => {
    // The template was fixed by the previous test; this dead letter is still failed.
    const page = await open(`/admin/deliveries/${secondDead}`);
    const email = page.locator("article", { has: page.getByRole("heading", { name: /^Email/ }) });
    await email.getByRole("button", { name: "Replay this delivery" }).click();
    await page.getByRole("status").filter({ hasText: "Replay 1 queued" }).waitFor();
    await page.waitForFunction(() => {
      const article = [...document.querySelectorAll("article")].find((a) => a.querySelector("h3")?.textContent?.startsWith("Email"));
      const steps = [...(article?.querySelectorAll("ol li") ?? [])].map((li) => li.textContent ?? "");
      return steps.length === 4 && steps[2]!.startsWith("replay requested") && steps[3]!.startsWith("delivered");
    });
    await page.getByRole("heading", { name: "replay-delivery" }).waitFor();
    expect(await page.getByRole("button", { name: "Replay this delivery" }).count()).toBe(0);
    await screenshot(page, "admin-detail-replayed-light");
    await page.context().close();
  });

  it("APIs answer bad queries with 422 naming the field", async () => {
    const status = async (url: string) => (await fetch(`${baseUrl}${url}`, { headers: { cookie: admin } })).status;
    const body = async (url: string) => (await (await fetch(`${baseUrl}${url}`, { headers: { cookie: admin } })).json()).error;
    expect(await status("/api/admin/stats?range=2y")).toBe(422);
    expect((await body("/api/admin/stats?range=2y")).issues[0].path).toBe("range");
    expect((await body("/api/admin/deliveries?channel=fax")).issues[0].path).toBe("channel");
    expect((await body("/api/admin/deliveries?after=nope")).issues[0].path).toBe("after");
    expect(await status("/api/admin/notifications/not-an-id")).toBe(422);
    // A delivery id redirects to its notification.
    const { deliveries } = await detail(ok[1]!);
    const viaDelivery = await fetch(`${baseUrl}/api/admin/notifications/${deliveries[0]!.id}`, { headers: { cookie: admin }, redirect: "manual" });
    expect(viaDelivery.status).toBe(308);
    expect(viaDelivery.headers.get("location")).toBe(`/api/admin/notifications/${ok[1]}`);
    expect(await status("/api/admin/notifications/00000000-0000-4000-8000-000000000000")).toBe(404);
  });

  it("GET /api/metrics: 401 without credentials, 403 for a user or a key without metrics:read, counts that move after a send", async () => {
    expect((await fetch(`${baseUrl}/api/metrics`)).status).toBe(401);
    expect((await fetch(`${baseUrl}/api/metrics`, { headers: { authorization: "Bearer nonsense" } })).status).toBe(401);
    expect((await fetch(`${baseUrl}/api/metrics`, { headers: { cookie: await signInCookie(baseUrl, "alice@example.com") } })).status).toBe(403);
    expect((await fetch(`${baseUrl}/api/metrics`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(403);
    const scraper = await createApiKeyAsAdmin(baseUrl, `scraper-${run}`, ["metrics:read"]);
    const scrape = async () => {
      const response = await fetch(`${baseUrl}/api/metrics`, { headers: { authorization: `Bearer ${scraper}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/plain");
      return parsePrometheusText(await response.text());
    };
    const before = await scrape();
    const [id] = await send({ to: "alice", content: { in_app: { title: `Metrics ${run}` } } });
    await settled(id!);
    const after = await scrape();
    expect(after.get("herald_notifications_accepted_total")! - before.get("herald_notifications_accepted_total")!).toBe(1);
    const delivered = 'herald_deliveries{channel="in_app",provider="in-app",status="delivered"}';
    expect(after.get(delivered)! - before.get(delivered)!).toBe(1);
    const latency = 'herald_delivery_latency_seconds_count{channel="in_app",provider="in-app"}';
    expect(after.get(latency)! - before.get(latency)!).toBe(1);
    const posts = 'herald_http_requests_total{method="POST",route="/api/v1/notifications",status="202"}';
    expect(after.get(posts)! - (before.get(posts) ?? 0)).toBe(1);
    expect(after.has('herald_http_requests_total{method="GET",route="/api/admin/notifications/[id]",status="200"}')).toBe(true);
    expect(after.has('herald_http_requests_total{method="GET",route="/api/metrics",status="401"}')).toBe(true);
    expect(after.has("herald_executor_queue_depth")).toBe(true);
    // An admin's session reads it too.
    expect((await fetch(`${baseUrl}/api/metrics`, { headers: { cookie: admin } })).status).toBe(200);
  });
});
