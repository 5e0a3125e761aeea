import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { adminPermissions, can, type AdminPermission, type Role } from "@/lib/auth/admin-roles";
import { signInCookie } from "../support/http-session";

const baseUrl = inject("baseUrl");
const appDir = path.resolve(import.meta.dirname, "../../app");
const SOME_ID = "00000000-0000-4000-8000-000000000000";

// One seeded account per role (supabase/seed.sql).
const accounts: Record<Role, string> = {
  user: "alice@example.com",
  viewer: "viewer@example.com",
  editor: "editor@example.com",
  admin: "admin@example.com",
  owner: "owner@example.com",
};
const roles = Object.keys(accounts) as Role[];

function filesUnder(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full, name) : entry.name === name ? [full] : [];
  });
}

/** app/admin/runs/[id]/page.tsx → /admin/runs/<uuid>; route groups vanish, dynamic segments get an id. */
function urlOf(file: string): string {
  const segments = path.relative(appDir, path.dirname(file)).split(path.sep);
  return (
    "/" +
    segments
      .filter((s) => !/^\(.*\)$/.test(s))
      .map((s) => (/^\[\[?\.\.\./.test(s) ? `${SOME_ID}/${SOME_ID}` : /^\[.*\]$/.test(s) ? SOME_ID : s))
      .join("/")
  );
}

const methodsOf = (file: string) =>
  [...fs.readFileSync(file, "utf8").matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)].map((m) => m[1]!);

// What each handler and page declares it needs, read from its source: a handler not wrapped as
// `withAdmin("<permission>", …)`, or a page without `requireAdminPage("<permission>")`, has none.
const routePermission = (file: string, method: string) =>
  new RegExp(`export\\s+const\\s+${method}\\s*=\\s*withAdmin\\(\\s*"([^"]+)"`).exec(fs.readFileSync(file, "utf8"))?.[1];
const pagePermissions = (file: string) => [...fs.readFileSync(file, "utf8").matchAll(/requireAdminPage\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]!);
const known = (permission: string | undefined): permission is AdminPermission => Boolean(permission && permission in adminPermissions);

// Found on disk, so a page or route added later is covered without touching this file.
const pageFiles = filesUnder(path.join(appDir, "admin"), "page.tsx");
const pages = pageFiles.map((file) => ({ url: urlOf(file), file: path.relative(appDir, file), permission: pagePermissions(file)[0] })).sort((a, b) => a.url.localeCompare(b.url));
const routeFiles = filesUnder(path.join(appDir, "api/admin"), "route.ts");
const routes = routeFiles
  .flatMap((file) => methodsOf(file).map((method) => ({ method, url: urlOf(file), file: path.relative(appDir, file), permission: routePermission(file, method) })))
  .sort((a, b) => `${a.url} ${a.method}`.localeCompare(`${b.url} ${b.method}`));

const call = (method: string, url: string, cookie?: string) =>
  fetch(`${baseUrl}${url}`, {
    method,
    redirect: "manual",
    headers: { ...(cookie ? { cookie } : {}), ...(method === "GET" || method === "HEAD" ? {} : { "content-type": "application/json" }) },
    body: method === "GET" || method === "HEAD" ? undefined : JSON.stringify({ ids: [SOME_ID] }),
  });

// Every role × every page and route, from the one table of permissions (lib/auth/admin-roles.ts).
const matrix = <T extends { permission?: string }>(items: T[]) => roles.flatMap((role) => items.map((item) => ({ role, allowed: known(item.permission) && can(role, item.permission), ...item })));

describe("admin access", () => {
  const cookies = {} as Record<Role, string>;
  beforeAll(async () => {
    for (const role of roles) cookies[role] = await signInCookie(baseUrl, accounts[role]);
  });

  it("finds every admin page and API route on disk, each declaring a known permission", () => {
    expect(pages.map((p) => p.url)).toEqual(expect.arrayContaining(["/admin", "/admin/deliveries", `/admin/deliveries/${SOME_ID}`, "/admin/dead-letters", "/admin/members", "/admin/audit"]));
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        "GET /api/admin/stats",
        "GET /api/admin/deliveries",
        `GET /api/admin/notifications/${SOME_ID}`,
        "GET /api/admin/dead-letters",
        "POST /api/admin/dead-letters/replay",
        "POST /api/admin/dead-letters/discard",
        "GET /api/admin/members",
        "POST /api/admin/members",
        `PATCH /api/admin/members/${SOME_ID}`,
        `DELETE /api/admin/members/${SOME_ID}`,
        "GET /api/admin/audit",
      ]),
    );
    // A route file whose methods this test cannot see (another export style) fails here rather than going unchecked.
    for (const file of routeFiles) expect(methodsOf(file).length, path.relative(appDir, file)).toBeGreaterThan(0);
    for (const r of routes) expect(known(r.permission), `${r.method} ${r.file} declares no known permission`).toBe(true);
    for (const file of pageFiles) expect(pagePermissions(file).filter(known), `${path.relative(appDir, file)} declares no known permission`).toHaveLength(1);
  });

  it("viewers read every admin page and GET (members aside); every change needs more than viewer", () => {
    for (const r of routes) {
      if (r.method === "GET") expect(r.permission, r.file).toBe(r.url.startsWith("/api/admin/members") ? "members:read" : "admin:read");
      else expect(r.permission, `${r.method} ${r.file}`).not.toBe("admin:read");
    }
    for (const p of pages) expect(p.permission, p.file).toBe(p.url === "/admin/members" ? "members:read" : "admin:read");
  });

  it("spot checks: the roles of the issue", () => {
    const permissionOf = (method: string, url: string) => routes.find((r) => r.method === method && r.url === url)!.permission as AdminPermission;
    expect(can("viewer", permissionOf("POST", "/api/admin/dead-letters/replay"))).toBe(false);
    expect(can("editor", permissionOf("POST", "/api/admin/dead-letters/replay"))).toBe(false);
    expect(can("admin", permissionOf("POST", "/api/admin/dead-letters/replay"))).toBe(true);
    expect(can("editor", permissionOf("POST", "/api/admin/types"))).toBe(true);
    expect(can("editor", permissionOf("POST", "/api/admin/send"))).toBe(true);
    expect(can("editor", permissionOf("POST", "/api/admin/templates/preview"))).toBe(true);
    expect(can("editor", permissionOf("POST", "/api/admin/api-keys"))).toBe(false);
    expect(can("admin", permissionOf("PATCH", `/api/admin/members/${SOME_ID}`))).toBe(true);
    expect(can("editor", permissionOf("GET", "/api/admin/members"))).toBe(false);
  });

  it.each(matrix(pages).map((c) => [`${c.role} ${c.allowed ? "opens" : "gets 403 from"} the page ${c.url}`, c] as const))("%s", async (_name, c) => {
    const response = await call("GET", c.url, cookies[c.role]);
    if (c.allowed) {
      // Dynamic pages with a made-up id are a 404: the page itself was open.
      expect(c.url.includes(SOME_ID) ? [200, 404] : [200]).toContain(response.status);
    } else {
      expect(response.status).toBe(403);
      expect(await response.text()).toContain("This page is for admins");
    }
  });

  it.each(pages.map((p) => p.url))("signed out, the page %s redirects to sign-in", async (url) => {
    const response = await call("GET", url);
    expect([303, 307, 308]).toContain(response.status);
    expect(new URL(response.headers.get("location")!, baseUrl).pathname).toBe("/sign-in");
  });

  it.each(matrix(routes).map((c) => [`${c.role} ${c.allowed ? "may call" : "gets 403 from"} ${c.method} ${c.url}`, c] as const))("%s", async (_name, c) => {
    const response = await call(c.method, c.url, cookies[c.role]);
    if (c.allowed) {
      // Past the role check: the handler answers (a made-up id or body is a 404 or 422, never a 403).
      expect(response.status).not.toBe(403);
      expect(response.status).not.toBe(401);
      expect(response.status).toBeLessThan(500);
    } else {
      expect(response.status).toBe(403);
      if (c.method !== "HEAD") expect((await response.json()).error.code).toBe("forbidden");
    }
  });

  it.each(routes.map((r) => [`${r.method} ${r.url}`, r] as const))("signed out, %s is 401", async (_name, r) => {
    const response = await call(r.method, r.url);
    expect(response.status).toBe(401);
  });

  it("the nav shows each member only the sections their role can use", async () => {
    const navOf = async (role: Role) => {
      const html = await (await call("GET", "/admin", cookies[role])).text();
      const nav = /<nav aria-label="Admin"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? "";
      return [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    };
    const viewer = await navOf("viewer");
    expect(viewer).toEqual(expect.arrayContaining(["/admin", "/admin/dead-letters", "/admin/audit"]));
    expect(viewer).not.toContain("/admin/send");
    expect(viewer).not.toContain("/admin/members");
    expect(await navOf("editor")).toContain("/admin/send");
    expect(await navOf("editor")).not.toContain("/admin/members");
    expect(await navOf("admin")).toEqual(expect.arrayContaining(["/admin/send", "/admin/members"]));
  });

  it("a viewer sees dead letters without Replay or Discard; an admin has both", async () => {
    const page = async (role: Role) => (await call("GET", "/admin/dead-letters", cookies[role])).text();
    const viewer = await page("viewer");
    expect(viewer).toContain("Replaying and discarding need the admin role.");
    expect(viewer).not.toMatch(/>Replay</);
    expect(viewer).not.toMatch(/>Discard</);
    const admin = await page("admin");
    expect(admin).toMatch(/>Replay</);
    expect(admin).toMatch(/>Discard</);
  });
});
