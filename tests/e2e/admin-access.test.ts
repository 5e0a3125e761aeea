import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { signInCookie } from "../support/http-session";

const baseUrl = inject("baseUrl");
const appDir = path.resolve(import.meta.dirname, "../../app");
const SOME_ID = "00000000-0000-4000-8000-000000000000";

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

// Found on disk, so a page or route added later is covered without touching this file.
const pages = filesUnder(path.join(appDir, "admin"), "page.tsx").map(urlOf).sort();
const routeFiles = filesUnder(path.join(appDir, "api/admin"), "route.ts");
const routes = routeFiles
  .flatMap((file) => methodsOf(file).map((method) => ({ method, url: urlOf(file), file: path.relative(appDir, file) })))
  .sort((a, b) => `${a.url} ${a.method}`.localeCompare(`${b.url} ${b.method}`));

const call = (method: string, url: string, cookie?: string) =>
  fetch(`${baseUrl}${url}`, {
    method,
    redirect: "manual",
    headers: { ...(cookie ? { cookie } : {}), ...(method === "GET" || method === "HEAD" ? {} : { "content-type": "application/json" }) },
    body: method === "GET" || method === "HEAD" ? undefined : JSON.stringify({ ids: [SOME_ID] }),
  });

describe("admin access", () => {
  let alice: string;
  beforeAll(async () => {
    alice = await signInCookie(baseUrl, "alice@example.com");
  });

  it("finds every admin page and API route on disk", () => {
    expect(pages).toEqual(expect.arrayContaining(["/admin", "/admin/deliveries", `/admin/deliveries/${SOME_ID}`, "/admin/dead-letters"]));
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        "GET /api/admin/stats",
        "GET /api/admin/deliveries",
        `GET /api/admin/notifications/${SOME_ID}`,
        "GET /api/admin/dead-letters",
        "POST /api/admin/dead-letters/replay",
        "POST /api/admin/dead-letters/discard",
      ]),
    );
    // A route file whose methods this test cannot see (another export style) fails here rather than going unchecked.
    for (const file of routeFiles) expect(methodsOf(file).length, path.relative(appDir, file)).toBeGreaterThan(0);
  });

  it.each(pages)("a non-admin gets 403 from the page %s", async (url) => {
    const response = await call("GET", url, alice);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("This page is for admins");
  });

  it.each(pages)("signed out, the page %s redirects to sign-in", async (url) => {
    const response = await call("GET", url);
    expect([303, 307, 308]).toContain(response.status);
    expect(new URL(response.headers.get("location")!, baseUrl).pathname).toBe("/sign-in");
  });

  it.each(routes.map((r) => [`${r.method} ${r.url}`, r] as const))("a non-admin gets 403 from %s", async (_name, r) => {
    const response = await call(r.method, r.url, alice);
    expect(response.status).toBe(403);
    if (r.method !== "HEAD") expect((await response.json()).error.code).toBe("forbidden");
  });

  it.each(routes.map((r) => [`${r.method} ${r.url}`, r] as const))("signed out, %s is 401", async (_name, r) => {
    const response = await call(r.method, r.url);
    expect(response.status).toBe(401);
  });
});
