import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signInThroughPage } from "../support/browser";
import { createApiKeyAsAdmin, signInCookie } from "../support/http-session";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";
import { waitFor } from "../support/wait-for";

const baseUrl = inject("baseUrl");
const run = randomBytes(4).toString("hex");

type Detail = { notification: { status: string }; deliveries: { id: string; channel: string; status: string; provider: string | null; events: { status: string; providerCode: string | null }[] }[] };

describe("admin: sending, the delivery log, webhooks and dead letters (Chromium)", () => {
  let browser: Browser;
  let page: Page;
  let admin: string;
  let key: string;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await signInThroughPage(browser, baseUrl, "Ada Admin");
    admin = await signInCookie(baseUrl, "admin@example.com");
    key = await createApiKeyAsAdmin(baseUrl, `channels-${run}`);
    receiver = await startWebhookReceiver(inject("webhookReceiverPort"));
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
  });

  const detail = async (id: string) => (await (await fetch(`${baseUrl}/api/admin/notifications/${id}`, { headers: { cookie: admin } })).json()).data as Detail;

  it("an admin sends from the composer and finds the delivery in the log, with its timeline and run", async () => {
    await page.goto(`${baseUrl}/admin/send`);
    await page.getByLabel("Notification type").selectOption("comment.created");
    const recipients = page.getByRole("combobox", { name: "Recipients" });
    await recipients.fill("bob");
    await page.getByRole("option", { name: /Bob Chen/ }).waitFor();
    await recipients.press("ArrowDown");
    await recipients.press("Enter");
    await page.getByLabel("Data (JSON)").fill(JSON.stringify({ author: `Composer ${run}`, excerpt: "From the admin", url: "/posts/1" }));
    await page.getByRole("region", { name: "In-app preview" }).getByText(`Composer ${run} commented`).waitFor();
    await page.getByRole("button", { name: "Send now" }).click();
    const sent = page.getByRole("region", { name: "Sent" });
    await sent.getByText("Sent: 1 notification accepted").waitFor();
    const id = (await sent.getByRole("link").first().getAttribute("href"))!.split("/").pop()!;
    await waitFor(async () => (await detail(id)).notification.status === "delivered", { what: "the composed notification to be delivered", timeoutMs: 20_000, intervalMs: 150 });

    // The log, filtered as an admin would: bob's in-app deliveries.
    await page.goto(`${baseUrl}/admin/deliveries?recipient=bob&channel=in_app`);
    const link = page.locator(`a[href="/admin/deliveries/${id}"]`).filter({ visible: true }).first();
    await link.waitFor();
    await screenshot(page, "admin-deliveries-composed-light");
    await link.click();
    await page.waitForURL(`**/admin/deliveries/${id}`);
    const inApp = page.locator("article", { has: page.getByRole("heading", { name: /^In-app/ }) });
    await inApp.getByText("delivered").first().waitFor();
    const email = page.locator("article", { has: page.getByRole("heading", { name: /^Email/ }) });
    await email.getByText("dev-outbox").first().waitFor();
    await page.getByRole("heading", { name: "deliver-notification" }).waitFor();
    await screenshot(page, "admin-detail-composed-light");
  });

  it("a delivery whose endpoint fails for good lands in dead letters, and replays once the endpoint is back", async () => {
    const recipientId = `hooked-${run}`;
    const put = await fetch(`${baseUrl}/api/v1/recipients/${recipientId}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ name: `Hank Hook ${run}`, email: `hank-${run}@example.com` }),
    });
    expect(put.status).toBe(201);

    // The admin adds the endpoint in the dashboard and copies its secret.
    await page.goto(`${baseUrl}/admin/webhooks`);
    const form = page.getByRole("form", { name: "Add a webhook endpoint" });
    await form.getByLabel("URL").fill(receiver.url);
    await form.getByLabel("Recipient id").fill(recipientId);
    await form.getByRole("button", { name: "Add endpoint" }).click();
    const secret = await page.getByRole("textbox", { name: "Signing secret" }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole("button", { name: "I have saved it" }).click();

    // The receiver is gone for good (410): no retry, the endpoint is disabled, the delivery is dead.
    receiver.answers.push(410);
    const response = await fetch(`${baseUrl}/api/v1/notifications`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ to: [recipientId], channels: ["webhook"], content: { webhook: { payload: { order: run } } } }),
    });
    const id = (await response.json()).data.notifications[0].id as string;
    const failed = await waitFor(async () => {
      const d = await detail(id);
      return d.deliveries[0]?.status === "failed" ? d.deliveries[0] : null;
    }, { what: "the webhook delivery to fail", timeoutMs: 20_000, intervalMs: 150 });
    expect(failed.events.map((e) => e.status)).toEqual(["queued", "attempt_failed", "failed"]);
    expect(failed.events[1]!.providerCode).toBe("410");
    expect(receiver.received).toHaveLength(1);

    await page.goto(`${baseUrl}/admin/webhooks`);
    const endpoint = page.getByTestId("webhook-endpoint").filter({ hasText: receiver.url });
    await endpoint.getByText("Disabled: The endpoint answered 410 Gone").waitFor();
    await screenshot(page, "admin-webhooks-light");

    await page.goto(`${baseUrl}/admin/dead-letters`);
    const row = page.getByRole("checkbox", { name: `Select the Webhook delivery to Hank Hook ${run}` });
    await row.waitFor();

    // The receiver is back: one action re-enables the endpoint and replays what it missed.
    await page.goto(`${baseUrl}/admin/webhooks`);
    await page.getByRole("button", { name: `Re-enable ${receiver.url} and replay 1 failed delivery` }).click();
    await page.getByText(`Enabled ${receiver.url}. 1 failed delivery queued for replay.`).waitFor();

    const replayed = await waitFor(async () => {
      const d = await detail(id);
      return d.deliveries[0]?.status === "sent" ? d : null;
    }, { what: "the replay to reach the endpoint", timeoutMs: 20_000, intervalMs: 150 });
    expect(replayed.notification.status).toBe("delivered");
    expect(replayed.deliveries[0]!.events.map((e) => e.status)).toEqual(["queued", "attempt_failed", "failed", "replay_requested", "endpoint_accepted", "sent"]);
    expect(receiver.received).toHaveLength(2);
    const last = receiver.received[1]!;
    expect(new Webhook(secret).verify(last.body, last.headers as Record<string, string>)).toMatchObject({ data: { payload: { order: run } } });

    await page.goto(`${baseUrl}/admin/deliveries/${id}`);
    const webhook = page.locator("article", { has: page.getByRole("heading", { name: /^Webhook/ }) });
    await webhook.getByText("replay requested").first().waitFor();
    await screenshot(page, "admin-detail-webhook-replayed-light");
  });

  it("an endpoint that fails once is shown failing, its delivery waits for the next attempt on the schedule, then goes out", async () => {
    const recipientId = `flaky-${run}`;
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    expect((await fetch(`${baseUrl}/api/v1/recipients/${recipientId}`, { method: "PUT", headers, body: JSON.stringify({ name: `Fay Flaky ${run}` }) })).status).toBe(201);
    const created = await fetch(`${baseUrl}/api/v1/webhook-endpoints`, { method: "POST", headers, body: JSON.stringify({ url: receiver.url, recipientId }) });
    expect(created.status).toBe(201);
    const before = receiver.received.length;
    receiver.answers.push(503);
    const response = await fetch(`${baseUrl}/api/v1/notifications`, {
      method: "POST",
      headers,
      body: JSON.stringify({ to: [recipientId], channels: ["webhook"], content: { webhook: { payload: { flaky: run } } } }),
    });
    const id = (await response.json()).data.notifications[0].id as string;

    // The second attempt is 5 s after the first (the default schedule): the timeline says when.
    await page.goto(`${baseUrl}/admin/deliveries/${id}`);
    const webhook = page.locator("article", { has: page.getByRole("heading", { name: /^Webhook/ }) });
    await webhook.getByText("Waiting to retry: next attempt").waitFor();
    await webhook.getByText("retry scheduled").waitFor();
    await screenshot(page, "admin-detail-webhook-retrying-light");
    await page.goto(`${baseUrl}/admin/webhooks`);
    await page.getByTestId("webhook-endpoint").filter({ hasText: `Recipient ${recipientId}` }).getByText(/^failing since /).waitFor();

    const sent = await waitFor(async () => {
      const d = await detail(id);
      return d.deliveries[0]?.status === "sent" ? d.deliveries[0] : null;
    }, { what: "the retry to reach the endpoint", timeoutMs: 20_000, intervalMs: 250 });
    expect(sent.events.map((e) => e.status)).toEqual(["queued", "attempt_failed", "retry_scheduled", "endpoint_accepted", "sent"]);
    expect(receiver.received.slice(before).map((r) => r.status)).toEqual([503, 200]);
  });

  it("shows the webhooks page on a phone and in the dark", async () => {
    for (const [name, options] of [["dark", { colorScheme: "dark" as const }], ["375", { width: 375 }]] as const) {
      const p = await signInThroughPage(browser, baseUrl, "Ada Admin", options);
      await p.goto(`${baseUrl}/admin/webhooks`);
      await p.getByTestId("webhook-endpoint").first().waitFor();
      if (name === "375") expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await screenshot(p, `admin-webhooks-${name}`);
      await p.context().close();
    }
  });
});
