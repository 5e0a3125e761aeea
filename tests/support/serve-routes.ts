import http from "node:http";
import type { AddressInfo } from "node:net";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type RouteModule = Partial<Record<Method, (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>>>;

/**
 * Serves Next.js route modules on a 127.0.0.1 port by their App Router paths, dynamic segments
 * included ("/api/inbox/[id]"), so a client under test calls Herald's real handlers over HTTP.
 */
export async function serveRoutes(routes: Record<string, RouteModule>) {
  const patterns = Object.entries(routes).map(([pattern, module]) => {
    const names: string[] = [];
    const source = pattern.replace(/\[(\w+)\]/g, (_m, name: string) => (names.push(name), "([^/]+)"));
    return { regex: new RegExp(`^${source}$`), names, module, dynamic: names.length > 0 };
  });
  // Static paths before dynamic ones, as Next.js matches them ("/api/inbox/counts" is not an id).
  patterns.sort((a, b) => Number(a.dynamic) - Number(b.dynamic));
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    let match: { module: RouteModule; params: Record<string, string> } | undefined;
    for (const p of patterns) {
      const m = p.regex.exec(url.pathname);
      if (m) {
        match = { module: p.module, params: Object.fromEntries(p.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
        break;
      }
    }
    const handler = match?.module[req.method as Method];
    if (!match || !handler) return void res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":"not_found","message":"no such route"}}');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
    const response = await handler(new Request(url, { method: req.method, headers, body }), { params: Promise.resolve(match.params) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
