import { getEnv } from "@/lib/env";

/**
 * The address a request comes from, as a rate-limit key. Route handlers do not see the socket,
 * only headers, and a client can send any X-Forwarded-For it likes: believing it would let a
 * client dodge its limit (a new address per request) or spend someone else's. So the header is
 * read only when the operator says proxies set it (HERALD_TRUST_PROXY = how many): each proxy
 * appends the address it saw, so the entry that many from the end is the one the outermost
 * trusted proxy saw; entries before it are the client's word. Without a trusted proxy every
 * request counts as "unknown" — one shared address, so per-address limits act for all clients
 * together while per-key and per-email limits still tell them apart.
 */
export function clientAddress(req: { headers: Headers }, proxies = getEnv().HERALD_TRUST_PROXY): string {
  if (proxies === 0) return "unknown";
  const hops = (req.headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  const address = hops.length > 0 ? hops[Math.max(0, hops.length - proxies)] : req.headers.get("x-real-ip")?.trim();
  return address ? address.slice(0, 100) : "unknown";
}
