import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

export type SafeHttpPolicy = {
  /** IPs, CIDR ranges or host names that may resolve to otherwise refused addresses. */
  allow: readonly string[];
  timeoutMs: number;
  maxResponseBytes: number;
};

export type SafeHttpResponse = { status: number; headers: http.IncomingHttpHeaders; body: string; truncated: boolean };

export class BlockedAddressError extends Error {
  readonly code = "blocked_address";
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, which is not a public address`);
    this.name = "BlockedAddressError";
  }
}

/** Only globally routable unicast addresses; IPv4-mapped IPv6 is judged as the IPv4 inside it. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === "unicast";
}

function isAllowed(host: string, address: string, allow: readonly string[]): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  for (const entry of allow) {
    const rule = entry.trim().toLowerCase();
    if (!rule) continue;
    if (rule === bare) return true;
    try {
      if (rule.includes("/")) {
        const [range, bits] = ipaddr.parseCIDR(rule);
        const addr = ipaddr.process(address);
        if (addr.kind() === range.kind() && addr.match(range, bits)) return true;
      } else if (ipaddr.isValid(rule) && ipaddr.process(rule).toString() === ipaddr.process(address).toString()) {
        return true;
      }
    } catch {
      // Not an address rule; compared as a host name above.
    }
  }
  return false;
}

/**
 * The address check runs inside the socket's own DNS lookup, so the address judged is the one
 * connected to: a second resolution (DNS rebinding) cannot slip a private address past it.
 */
function guardedLookup(host: string, allow: readonly string[]): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 4);
      const list = addresses as dns.LookupAddress[];
      const refused = list.find((a) => !isPublicAddress(a.address) && !isAllowed(host, a.address, allow));
      if (refused || list.length === 0) {
        return callback(new BlockedAddressError(hostname, refused?.address ?? "nothing") as NodeJS.ErrnoException, "", 4);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/**
 * POSTs to a URL someone else chose: public addresses only (checked at connect time), no
 * redirects (a 3xx is returned as is), a deadline for the whole exchange and a cap on how much
 * of the answer is read.
 */
export function safeHttpRequest(url: string, init: { method: "POST"; headers: Record<string, string>; body: string }, policy: SafeHttpPolicy): Promise<SafeHttpResponse> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new Error(`Not a URL: ${url}`));
    }
    if (target.protocol !== "http:" && target.protocol !== "https:") return reject(new Error(`Unsupported protocol ${target.protocol}`));
    const host = target.hostname.replace(/^\[|\]$/g, "");
    // Literal addresses never reach a lookup: judge them here.
    if (ipaddr.isValid(host) && !isPublicAddress(host) && !isAllowed(host, host, policy.allow)) {
      return reject(new BlockedAddressError(host, host));
    }
    const client = target.protocol === "https:" ? https : http;
    const req = client.request(
      target,
      {
        method: init.method,
        headers: { ...init.headers, "content-length": Buffer.byteLength(init.body).toString() },
        lookup: guardedLookup(host, policy.allow),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on("data", (chunk: Buffer) => {
          chunks.push(chunk.subarray(0, policy.maxResponseBytes - size));
          size += chunk.length;
          if (size > policy.maxResponseBytes) {
            // Enough: the rest of an oversized answer is not read at all.
            truncated = true;
            res.destroy();
            finish();
          }
        });
        const finish = () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), truncated });
        };
        res.on("end", finish);
        res.on("error", () => finish());
      },
    );
    const timer = setTimeout(() => req.destroy(Object.assign(new Error(`No answer within ${policy.timeoutMs} ms`), { code: "ETIMEDOUT" })), policy.timeoutMs);
    req.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(init.body);
  });
}
