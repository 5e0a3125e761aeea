import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, screenshot, signInThroughPage } from "../support/browser";
import { signInCookie } from "../support/http-session";

const baseUrl = inject("baseUrl");

describe("admin: members and the audit log (Chromium)", () => {
  let browser: Browser;
  let page: Page;
  let owner: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await signInThroughPage(browser, baseUrl, "Olive Owner");
    owner = await signInCookie(baseUrl, "owner@example.com");
  });
  afterAll(() => browser?.close());

  const api = (method: string, path: string, cookie: string, body?: unknown) =>
    fetch(`${baseUrl}${path}`, { method, headers: { cookie, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });

  it("invites a member by email with a role, changes the role, and names a bad field in place", async () => {
    await page.goto(`${baseUrl}/admin/members`);
    const form = page.getByRole("form", { name: "Invite a member" });
    await form.getByLabel("Email").fill("not an email");
    await form.getByRole("button", { name: "Invite" }).click();
    await form.getByRole("alert").filter({ hasText: /email/i }).waitFor();

    await form.getByLabel("Email").fill("new.editor@example.com");
    await form.getByLabel(/^Name/).fill("Nina New");
    await form.getByLabel("Role").selectOption("editor");
    await form.getByRole("button", { name: "Invite" }).click();
    await page.getByRole("status").filter({ hasText: "Added new.editor@example.com as editor" }).waitFor();
    const role = page.getByLabel("Role of new.editor@example.com");
    await role.waitFor();
    expect(await role.inputValue()).toBe("editor");
    await role.selectOption("viewer");
    await page.getByRole("status").filter({ hasText: "new.editor@example.com is now viewer" }).waitFor();
    await screenshot(page, "admin-members");

    const members = (await (await api("GET", "/api/admin/members?limit=100", owner)).json()).data as { email: string; role: string }[];
    expect(members).toContainEqual(expect.objectContaining({ email: "new.editor@example.com", role: "viewer" }));
  });

  it("an admin cannot touch an owner; the last owner cannot be removed", async () => {
    const admin = await signInCookie(baseUrl, "admin@example.com");
    const members = (await (await api("GET", "/api/admin/members?limit=100", admin)).json()).data as { id: string; email: string }[];
    const ownerId = members.find((m) => m.email === "owner@example.com")!.id;
    expect((await api("PATCH", `/api/admin/members/${ownerId}`, admin, { role: "viewer" })).status).toBe(403);
    expect((await api("POST", "/api/admin/members", admin, { email: "boss@example.com", role: "owner" })).status).toBe(403);
    const last = await api("DELETE", `/api/admin/members/${ownerId}`, owner);
    expect(last.status).toBe(409);
    expect((await last.json()).error.issues).toEqual([expect.objectContaining({ path: "role" })]);
    const bad = await api("PATCH", `/api/admin/members/${ownerId}`, owner, { role: "boss" });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.issues).toEqual([expect.objectContaining({ path: "role" })]);
  });

  it("the audit log shows those changes, filters by action in the URL, and opens an entry to its diff", async () => {
    await page.goto(`${baseUrl}/admin/audit`);
    await page.getByTestId("audit-entry").first().waitFor();
    await page.getByLabel("Action").selectOption("member.role_change");
    await page.waitForURL(/action=member.role_change/);
    const entry = page.getByTestId("audit-entry").filter({ hasText: "owner@example.com" }).first();
    await entry.waitFor();
    expect(await page.getByTestId("audit-entry").filter({ hasNotText: "member.role_change" }).count()).toBe(0);
    await entry.getByRole("button", { name: "Changes" }).click();
    const diff = page.getByLabel("Changes from before to after");
    await diff.getByText('"editor"').waitFor();
    await diff.getByText('"viewer"').waitFor();
    await screenshot(page, "admin-audit");

    // The same view through the API; a bad filter names its field.
    const listed = await (await api("GET", "/api/admin/audit?action=member.invite", owner)).json();
    expect(listed.data[0]).toMatchObject({ action: "member.invite", actor: { type: "user", name: "owner@example.com" }, target: { type: "member" } });
    const bad = await api("GET", "/api/admin/audit?targetType=planet", owner);
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.issues).toEqual([expect.objectContaining({ path: "targetType" })]);
  });

  it("a viewer's nav has no Send or Members, and templates are read-only", async () => {
    const viewer = await signInThroughPage(browser, baseUrl, "Vera Viewer");
    await viewer.goto(`${baseUrl}/admin/templates/comment.created`);
    const nav = viewer.getByRole("navigation", { name: "Admin" });
    await nav.getByRole("link", { name: "Audit log" }).waitFor();
    expect(await nav.getByRole("link", { name: "Send" }).count()).toBe(0);
    expect(await nav.getByRole("link", { name: "Members" }).count()).toBe(0);
    await viewer.getByText("Previews and edits need the editor role.").waitFor();
    expect(await viewer.getByRole("button", { name: "Save as new version" }).count()).toBe(0);
    expect(await viewer.getByRole("button", { name: "Save settings" }).count()).toBe(0);
    expect(await viewer.getByLabel("Name", { exact: true }).isDisabled()).toBe(true);
    await viewer.context().close();
  });
});
