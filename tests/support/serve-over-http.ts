import http from "node:http";
import type { AddressInfo } from "node:net";

// A Next.js route handler: the request, and a context the handlers here do not need.
type Handler = (req: never, context: undefined) => Promise<Response>;

/**
 * Serves route handlers (a Next.js route module's exports) on a 127.0.0.1 port, so a stand-in
 * reaches them over HTTP as the real service would, and the handlers see the URL they are
 * called at (the SDK registers that URL when it syncs).
 */
export async function serveOverHttp(routes: Record<string, Partial<Record<"GET" | "POST" | "PUT", Handler>>>) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    const handler = routes[url.pathname]?.[req.method as "GET" | "POST" | "PUT"];
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    try {
      const response = await (handler as (req: Request, context: undefined) => Promise<Response>)(new Request(url, { method: req.method, headers, body }), undefined);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ message: String(error) }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
