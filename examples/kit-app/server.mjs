// A host app built on Herald's host-app kit: its page renders its own activity list with the
// kit's hooks and the kit's ready bell in its header, fed by Herald with user tokens this app's
// server signs. Run it beside Herald (`npm run build:kit` first, or after `npm run dev` started):
//
//   HERALD_USER_TOKEN_SECRET=<32+ chars> HERALD_CORS_ORIGINS=http://localhost:4001 npm run dev   # Herald
//   HERALD_URL=http://localhost:3000 HERALD_USER_TOKEN_SECRET=<same> node examples/kit-app/server.mjs
//
// then open http://localhost:4001/?user=alice. The kit is served from this app's own origin, as
// a host app ships it with its other assets; the secret never reaches the browser.
import fs from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { SignJWT } from "jose";

const here = import.meta.dirname;
const kitFile = path.join(here, "../../public/kit/herald-kit.standalone.js");

const page = (heraldUrl, user) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Acme — built on Herald's kit</title>
  <style>
    :root { color-scheme: light dark; --herald-accent: #0f766e; --herald-radius: 10px; }
    body { font-family: system-ui, sans-serif; margin: 0; background: Canvas; color: CanvasText; }
    header { display: flex; align-items: center; justify-content: space-between; gap: 1rem; padding: 0.5rem 1rem; border-bottom: 1px solid #94a3b866; }
    .who { display: inline-flex; align-items: center; gap: 0.25rem; }
    main { padding: 1rem; max-width: 40rem; margin: 0 auto; }
    h1 { font-size: 1.5rem; }
    h2 { font-size: 1.1rem; display: flex; gap: 0.5rem; align-items: baseline; }
    .count { font-size: 0.8rem; font-weight: 500; color: #0f766e; }
    .activity { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.5rem; }
    .activity li { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: 0.75rem; border: 1px solid #94a3b866; border-radius: 10px; }
    .activity li[data-read="false"] { border-left: 4px solid #0f766e; }
    .activity p { margin: 0.25rem 0 0; opacity: 0.8; overflow-wrap: anywhere; }
    .activity button, .more { font: inherit; padding: 0.35rem 0.75rem; border-radius: 8px; border: 1px solid #0f766e; background: transparent; color: inherit; cursor: pointer; white-space: nowrap; }
    .more { margin-top: 0.75rem; }
    .read { opacity: 0.7; font-size: 0.85rem; }
    @media (prefers-color-scheme: dark) { :root { --herald-accent: #5eead4; } .count { color: #5eead4; } }
  </style>
</head>
<body>
  <div id="root"><p>Loading…</p></div>
  <script type="application/json" id="config">${JSON.stringify({ heraldUrl, user }).replace(/</g, "\\u003c")}</script>
  <script type="module" src="/app.js"></script>
</body>
</html>`;

/**
 * Starts the host app on 127.0.0.1; resolves to its origin and a stop function. `heraldUrl`
 * may be a function, for a Herald that starts after the host app (it needs the host's origin).
 */
export async function startKitApp({ port = 4001, heraldUrl, secret, audience = "herald", ttlSeconds = 600 }) {
  const key = new TextEncoder().encode(secret);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://host");
    const user = (url.searchParams.get("user") || "alice").replace(/[^\w.@-]/g, "");
    if (url.pathname === "/herald-token") {
      // In a real app: the user of this request's session, never a parameter the browser picks.
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(user)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ token, expiresAt: Date.now() + ttlSeconds * 1000 }));
      return;
    }
    if (url.pathname === "/herald-kit.js" || url.pathname === "/app.js") {
      const file = url.pathname === "/app.js" ? path.join(here, "app.js") : kitFile;
      const body = await fs.readFile(file).catch(() => null);
      if (!body) return void res.writeHead(404, { "content-type": "text/plain" }).end("The kit is not built: run `npm run build:kit`.");
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
      res.end(body);
      return;
    }
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(page(typeof heraldUrl === "function" ? heraldUrl() : heraldUrl, user));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  return { origin: `http://127.0.0.1:${address.port}`, stop: () => new Promise((resolve) => server.close(resolve)) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { origin } = await startKitApp({
    port: Number(process.env.PORT ?? 4001),
    heraldUrl: process.env.HERALD_URL ?? "http://localhost:3000",
    secret: process.env.HERALD_USER_TOKEN_SECRET ?? "",
  });
  console.log(`kit app on ${origin}/?user=alice`);
}
