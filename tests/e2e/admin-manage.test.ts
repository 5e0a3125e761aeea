import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, screenshot, screenshotDir, signInThroughPage } from "../support/browser";
import { createApiKeyAsAdmin, signInCookie } from "../support/http-session";
import { waitFor } from "../support/wait-for";

const baseUrl = inject("baseUrl");

describe("admin: send, broadcast, templates, API keys, outbox (Chromium)", () => {
  let browser: Browser;
  let page: Page;
  let admin: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await signInThroughPage(browser, baseUrl, "Ada Admin");
    admin = await signInCookie(baseUrl, "admin@example.com");
  });
  afterAll(() => browser?.close());

  const adminGet = async (path: string) => (await fetch(`${baseUrl}${path}`, { headers: { cookie: admin } })).json();

  it("composes with a live preview, shows JSON errors in place, sends, and links the ids to the deliveries page", async () => {
    await page.goto(`${baseUrl}/admin/send`);
    await page.getByLabel("Notification type").selectOption("comment.created");
    const recipients = page.getByRole("combobox", { name: "Recipients" });
    await recipients.fill("alic");
    await page.getByRole("option", { name: /Alice Martin/ }).waitFor();
    await recipients.press("ArrowDown");
    await recipients.press("Enter");
    await page.getByRole("button", { name: "Remove Alice Martin" }).waitFor();

    const data = page.getByLabel("Data (JSON)");
    await data.fill('{\n  "author": "Pat",\n  "excerpt" "Ship it"\n}');
    await expect.poll(() => page.getByText(/Line 3, column \d+:/).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Send now" }).isDisabled()).toBe(true);
    await data.fill('{\n  "author": "Pat",\n  "excerpt": "Ship it <b>today</b>",\n  "url": "/posts/7"\n}');

    const inApp = page.getByRole("region", { name: "In-app preview" });
    await inApp.getByText("Pat commented").waitFor();
    const email = page.frameLocator('iframe[title="Email: Pat commented on your post"]');
    await email.getByText("Ship it <b>today</b>").waitFor();
    expect(await page.locator("iframe[title^='Email:']").getAttribute("sandbox")).toBe("");
    await screenshot(page, "admin-send-light");

    await page.getByRole("button", { name: "Send now" }).click();
    const sent = page.getByRole("region", { name: "Sent" });
    await sent.getByText("Sent: 1 notification accepted").waitFor();
    const href = await sent.getByRole("link").first().getAttribute("href");
    expect(href).toMatch(/^\/admin\/deliveries\/[0-9a-f-]{36}$/);
    const id = href!.split("/").pop()!;
    await waitFor(async () => (await adminGet("/api/admin/recipients/alice/notifications?limit=5")).data.some((n: { id: string; status: string }) => n.id === id && n.status === "delivered"), { what: "the sent notification to be delivered", timeoutMs: 15_000, intervalMs: 100 });
  });

  it("broadcasts to a filtered audience: the progress bar reaches 100 % and every match got it once", async () => {
    const key = await createApiKeyAsAdmin(baseUrl, "broadcast-e2e");
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${baseUrl}/api/v1/recipients/e2e-bc-${i}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ name: `Broadcast ${i}`, email: `bc${i}@example.com` }),
      });
      expect(response.ok).toBe(true);
    }
    await page.goto(`${baseUrl}/admin/send`);
    await page.getByLabel("Notification type").selectOption("default");
    await page.getByLabel(/Broadcast to everyone/).check();
    await page.getByLabel("Name, email or id contains").fill("e2e-bc-");
    await page.getByLabel("Data (JSON)").fill("{}");
    await page.getByRole("button", { name: "Start broadcast" }).click();
    const bar = page.getByRole("progressbar", { name: "Broadcast progress" });
    await bar.waitFor();
    await waitFor(async () => (await bar.getAttribute("aria-valuenow")) === "100", { what: "the progress bar to reach 100", timeoutMs: 15_000, intervalMs: 100 });
    await page.getByText(/6 of 6 recipients accepted/).waitFor();
    // Once finished, the list below picks the broadcast up, complete.
    const recent = page.getByRole("region", { name: "Recent broadcasts" });
    await recent.getByText("to matching “e2e-bc-”").first().waitFor();
    expect(await recent.getByRole("progressbar", { name: "Broadcast of default" }).first().getAttribute("aria-valuenow")).toBe("100");
    for (let i = 0; i < 6; i++) {
      const list = await adminGet(`/api/admin/recipients/e2e-bc-${i}/notifications`);
      expect(list.data).toHaveLength(1);
      expect(list.data[0].typeKey).toBe("default");
    }
  });

  it("templates: a new type, an error shown in place, saved versions, a diff, and a rollback", async () => {
    await page.goto(`${baseUrl}/admin/templates`);
    const form = page.getByRole("form", { name: "New notification type" });
    await form.getByLabel("Key").fill("Bad Key");
    await form.getByLabel("Name").fill("Order shipped");
    await form.getByRole("button", { name: "Create type" }).click();
    await form.getByText(/expected lowercase letters/).waitFor();
    await form.getByLabel("Key").fill("e2e.order-shipped");
    await form.getByRole("button", { name: "Create type" }).click();
    await page.waitForURL(`${baseUrl}/admin/templates/e2e.order-shipped`);

    const title = page.getByLabel("Title", { exact: true });
    await page.getByLabel("Sample data (JSON)").fill('{ "order": "A-1" }');
    await title.fill("Order {{ order } shipped");
    await page.getByRole("button", { name: "Save as new version" }).click();
    await page.getByText(/Not saved: content\.title 1:\d+/).waitFor();
    expect(await page.getByText(/^line 1, column \d+: /).count()).toBeGreaterThan(0);
    expect(await title.getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "admin-template-error-light");

    await title.fill("Order {{ order }} shipped");
    await page.getByRole("button", { name: "Save as new version" }).click();
    await page.getByText("Saved as version 1.").waitFor();
    await page.getByRole("button", { name: "Send test to me" }).click();
    await page.getByText(/Test sent to you \(In-app\)/).waitFor();
    await waitFor(async () => (await adminGet("/api/admin/recipients/admin/notifications?limit=5")).data.some((n: { typeKey: string; status: string }) => n.typeKey === "e2e.order-shipped" && n.status === "delivered"), { what: "the test send to reach the admin", timeoutMs: 15_000, intervalMs: 100 });
    await page.getByLabel("Inbox item").getByText("Order A-1 shipped").waitFor();
    await title.fill("Your order {{ order }} is on its way");
    await page.getByRole("button", { name: "Save as new version" }).click();
    await page.getByText("Saved as version 2.").waitFor();
    await page.getByRole("button", { name: "Compare v1" }).click();
    const diff = page.getByLabel("Changes from version 1 to version 2 (current)");
    await diff.locator("del", { hasText: "Order {{ order }} shipped" }).waitFor();
    await diff.locator("ins", { hasText: "Your order {{ order }} is on its way" }).waitFor();
    await screenshot(page, "admin-template-diff-light");
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "admin-template-diff-dark");
    await page.emulateMedia({ colorScheme: "light" });

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Restore v1" }).click();
    await page.getByText("Restored version 1 as version 3.").waitFor();
    await expect.poll(() => title.inputValue()).toBe("Order {{ order }} shipped");
    const versions = await adminGet("/api/admin/types/e2e.order-shipped/templates?channel=in_app");
    expect(versions.data.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
  });

  it("recipients: search, profile, notifications linked to deliveries, and preferences changed for them", async () => {
    await page.goto(`${baseUrl}/admin/recipients`);
    await page.getByLabel("Name, email or id").fill("e2e-bc-");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/search=e2e-bc-/);
    const rows = page.getByRole("table", { name: "Recipients" }).getByRole("row");
    await expect.poll(() => rows.count()).toBe(7);
    await page.getByRole("link", { name: "Broadcast 3" }).click();
    await page.waitForURL(`${baseUrl}/admin/recipients/e2e-bc-3`);
    await page.getByText("bc3@example.com").waitFor();
    const delivery = page.getByRole("table", { name: /Notifications sent/ }).getByRole("link").first();
    expect(await delivery.getAttribute("href")).toMatch(/^\/admin\/deliveries\/[0-9a-f-]{36}$/);

    const email = page.getByRole("checkbox", { name: "New comment by Email" });
    await email.uncheck();
    await page.getByRole("button", { name: "Save preferences" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toMatch(/Saved/);
    const profile = await adminGet("/api/admin/recipients/e2e-bc-3");
    expect(profile.data.preferences.types.find((t: { key: string }) => t.key === "comment.created").channels.email).toBe(false);
  });

  it("API keys: create (shown once) and revoke after confirming", async () => {
    await page.goto(`${baseUrl}/admin/api-keys`);
    await page.getByLabel("Name").fill("e2e-manage-key");
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = await page.getByLabel("API key secret").inputValue();
    expect(secret).toMatch(/^hk_/);
    await page.getByText("This is the only time it is shown.", { exact: false }).waitFor();
    await screenshot(page, "admin-api-keys-light");
    const call = () => fetch(`${baseUrl}/api/v1/recipients/alice`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await call()).status).toBe(200);

    await page.getByRole("button", { name: "I have saved it" }).click();
    await page.getByRole("button", { name: "Revoke e2e-manage-key" }).click();
    await page.getByRole("button", { name: "Yes, revoke" }).click();
    await page.getByText("Revoked “e2e-manage-key”.", { exact: false }).waitFor();
    expect((await call()).status).toBe(401);
    await page.reload();
    expect(await page.getByLabel("API key secret").count()).toBe(0);
  });

  it("outbox shows the sent email as it would look; screenshots of every page", async () => {
    // An SMS and a push as well, so the outbox shows each kind of message.
    const key = await createApiKeyAsAdmin(baseUrl, "outbox-e2e");
    await fetch(`${baseUrl}/api/v1/recipients/alice/push-tokens`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ token: "e2e-device-token-0123456789", platform: "ios" }),
    });
    for (const body of [
      { to: ["alice"], type: "security.alert", data: { location: "Porto, PT" }, channels: ["sms"] },
      { to: ["alice"], type: "mention", data: { author: "Sam", excerpt: "Can you look at the release notes?" }, channels: ["push"] },
    ]) {
      const response = await fetch(`${baseUrl}/api/admin/send`, { method: "POST", headers: { cookie: admin, "content-type": "application/json" }, body: JSON.stringify(body) });
      expect(response.status).toBe(202);
    }
    await waitFor(async () => (await adminGet("/api/admin/outbox?limit=10")).data.filter((m: { channel: string }) => m.channel !== "email").length >= 2, { what: "the SMS and the push in the outbox", timeoutMs: 15_000, intervalMs: 100 });
    await page.goto(`${baseUrl}/admin/outbox`);
    await page.getByText("Herald: new sign-in from Porto, PT. Not you? Reset your password.").waitFor();
    await page.getByText("Sam mentioned you").waitFor();
    await page.getByRole("button", { name: "Email" }).click();
    const mail = page.frameLocator('iframe[title="Email: Pat commented on your post"]').first();
    await mail.getByText("Ship it <b>today</b>").waitFor();
    await page.getByText("to alice@example.com").first().waitFor();
    await screenshot(page, "admin-outbox-light");

    for (const [path, name] of [
      ["/admin/recipients", "admin-recipients"],
      ["/admin/recipients/alice", "admin-recipient-detail"],
      ["/admin/templates", "admin-templates"],
      ["/admin/templates/comment.created", "admin-template-editor"],
    ] as const) {
      await page.goto(`${baseUrl}${path}`);
      await page.getByRole("heading", { level: 1 }).waitFor();
      await screenshot(page, `${name}-light`);
    }

    const dark = await signInThroughPage(browser, baseUrl, "Ada Admin", { colorScheme: "dark" });
    for (const [path, name] of [
      ["/admin/send", "admin-send"],
      ["/admin/outbox", "admin-outbox"],
      ["/admin/recipients", "admin-recipients"],
      ["/admin/recipients/alice", "admin-recipient-detail"],
      ["/admin/templates", "admin-templates"],
      ["/admin/templates/comment.created", "admin-template-editor"],
      ["/admin/api-keys", "admin-api-keys"],
    ] as const) {
      await dark.goto(`${baseUrl}${path}`);
      await dark.getByRole("heading", { level: 1 }).waitFor();
      if (name === "admin-send") await dark.frameLocator("iframe[title^='Email:']").getByText("Sample author").first().waitFor();
      if (name === "admin-outbox") await dark.frameLocator("iframe[title^='Email:']").first().getByText("Pat").first().waitFor();
      await dark.waitForTimeout(600);
      await screenshot(dark, `${name}-dark`);
    }
    await dark.context().close();

    const mobile = await signInThroughPage(browser, baseUrl, "Ada Admin", { width: 375 });
    for (const [path, name] of [
      ["/admin/send", "admin-send"],
      ["/admin/outbox", "admin-outbox"],
      ["/admin/templates/comment.created", "admin-template-editor"],
    ] as const) {
      await mobile.goto(`${baseUrl}${path}`);
      await mobile.getByRole("heading", { level: 1 }).waitFor();
      if (path === "/admin/send") await mobile.frameLocator("iframe[title^='Email:']").getByText("Sample author").first().waitFor();
      if (path === "/admin/outbox") await mobile.frameLocator("iframe[title^='Email:']").first().getByText("Pat").first().waitFor();
      await mobile.waitForTimeout(600);
      const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await screenshot(mobile, `${name}-375`);
      // A full-page capture leaves a sandboxed frame below the first screen unpainted: shoot the preview on its own.
      if (path === "/admin/send") await mobile.getByRole("region", { name: "Email preview" }).screenshot({ path: `${screenshotDir}/admin-send-375-email-preview.png` });
      const wide = await mobile.evaluate(() => [...document.querySelectorAll("body *")].filter((e) => !e.closest("nav") && e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map((e) => `${e.tagName}.${String(e.className).slice(0, 80)} ${Math.round(e.getBoundingClientRect().right)}`));
      expect(overflow, `${path} is wider than the phone: ${wide.join(" | ")}`).toBeLessThanOrEqual(0);
    }
    await mobile.context().close();
  });
});

describe.each(inject("apps"))("admin manage APIs on $kind", ({ baseUrl: url }) => {
  let admin: string;
  let alice: string;
  beforeAll(async () => {
    admin = await signInCookie(url, "admin@example.com");
    alice = await signInCookie(url, "alice@example.com");
  });
  const call = (path: string, cookie: string, method = "GET", body?: unknown) =>
    fetch(`${url}${path}`, { method, headers: { cookie, ...(body !== undefined ? { "content-type": "application/json" } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const count = async (path: string) => (await (await call(path, admin)).json()).data.length;

  it("refuses non-admins", async () => {
    for (const path of ["/api/admin/recipients", "/api/admin/outbox", "/api/admin/types"]) expect((await call(path, alice)).status).toBe(403);
    expect((await call("/api/admin/send", alice, "POST", { to: ["alice"], type: "mention" })).status).toBe(403);
  });

  it("answers bad input with 4xx naming the field, and writes nothing", async () => {
    const before = await count("/api/admin/recipients/alice/notifications?limit=100");
    const bad = async (path: string, body: unknown, status: number, field: string) => {
      const response = await call(path, admin, "POST", body);
      expect(response.status).toBe(status);
      const { error } = await response.json();
      expect(error.issues?.map((i: { path: string }) => i.path) ?? [error.message]).toContainEqual(expect.stringContaining(field));
    };
    await bad("/api/admin/send", { to: ["alice"], type: "mention", sendAt: "tomorrow" }, 422, "sendAt");
    await bad("/api/admin/send", { to: ["nobody-at-all"], type: "mention" }, 422, "to[0]");
    await bad("/api/admin/broadcasts", { filter: { hasEmail: "maybe" }, type: "mention" }, 422, "filter.hasEmail");
    await bad("/api/admin/types", { key: "x", name: "" }, 422, "name");
    await bad("/api/admin/types/mention/templates/rollback", { channel: "push", version: 999 }, 404, "version");
    await bad("/api/admin/types/mention/templates", { channel: "push", content: { title: "{{ oops" } }, 422, "content.title");
    expect(await count("/api/admin/recipients/alice/notifications?limit=100")).toBe(before);
    expect((await call("/api/admin/broadcasts/not-a-uuid", admin)).status).toBe(404);
    expect((await call("/api/admin/outbox?channel=fax", admin)).status).toBe(422);
  });
});
