// A host app's page that mounts Herald's bell for its signed-in user — the smallest complete
// example of host-app user tokens. Run it beside Herald:
//
//   HERALD_USER_TOKEN_SECRET=<32+ chars> HERALD_CORS_ORIGINS=http://localhost:4000 npm run dev   # Herald
//   HERALD_URL=http://localhost:3000 HERALD_USER_TOKEN_SECRET=<same> node examples/host-app/server.mjs
//
// then open http://localhost:4000/?user=alice. The host app decides who its user is (here, a
// query parameter stands in for its own session) and its server signs a short-lived token
// for that user; the secret never reaches the browser.
import http from "node:http";
import { pathToFileURL } from "node:url";
import { SignJWT } from "jose";

const page = (heraldUrl, user) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Acme — a host app</title>
  <style>
    body { font-family: system-ui, sans-serif; margin: 0; background: #f8fafc; color: #0f172a; }
    header { display: flex; align-items: center; justify-content: space-between; padding: 0.75rem 1.5rem; background: #fff; border-bottom: 1px solid #e2e8f0; }
    main { padding: 2rem 1.5rem; max-width: 40rem; }
  </style>
</head>
<body>
  <header>
    <strong>Acme</strong>
    <span>Signed in as <b id="who">${user}</b> <span id="herald-bell"></span></span>
  </header>
  <main><h1>Dashboard</h1><p>Herald's bell sits in the header, fed by Herald with a token this app's server signed.</p></main>
  <script src="${heraldUrl}/embed/herald-bell.js"></script>
  <script>
    // One token at a time, renewed a minute before it expires.
    let current = null;
    async function getToken() {
      if (!current || current.expiresAt - Date.now() < 60_000) {
        const response = await fetch("/herald-token?user=${encodeURIComponent(user)}");
        current = await response.json();
      }
      return current.token;
    }
    window.Herald.mountBell(document.getElementById("herald-bell"), { heraldUrl: ${JSON.stringify(heraldUrl)}, getToken });
  </script>
</body>
</html>`;

/**
 * Starts the host app on 127.0.0.1; resolves to its origin and a stop function. `heraldUrl`
 * may be a function, for a Herald that starts after the host app (it needs the host's origin).
 */
export async function startHostApp({ port = 4000, heraldUrl, secret, audience = "herald", ttlSeconds = 600 }) {
  const key = new TextEncoder().encode(secret);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://host");
    const user = url.searchParams.get("user") || "alice";
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
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(page(typeof heraldUrl === "function" ? heraldUrl() : heraldUrl, user.replace(/[^\w.@-]/g, "")));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  return { origin: `http://127.0.0.1:${address.port}`, stop: () => new Promise((resolve) => server.close(resolve)) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { origin } = await startHostApp({
    port: Number(process.env.PORT ?? 4000),
    heraldUrl: process.env.HERALD_URL ?? "http://localhost:3000",
    secret: process.env.HERALD_USER_TOKEN_SECRET ?? "",
  });
  console.log(`host app on ${origin}/?user=alice`);
}
