import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { isAllowedHost, type AllowedHost } from "./allowed-hosts";

export type SafeHttpPolicy = {
  /** Hosts, addresses or ranges (with their ports) that may be reached although not public: WEBHOOK_ALLOWED_HOSTS. */
  allow: readonly AllowedHost[];
  timeoutMs: number;
  maxResponseBytes: number;
};

export type SafeHttpResponse = { status: number; headers: http.IncomingHttpHeaders; body: string; truncated: boolean };

export class BlockedAddressError extends Error {
  readonly code = "blocked_address";
  constructor(host: string, address: string, port: number) {
    super(
      host === address
        ? `${address} is not a public address, and WEBHOOK_ALLOWED_HOSTS does not allow it on port ${port}`
        : `${host} resolves to ${address}, which is not a public address, and WEBHOOK_ALLOWED_HOSTS does not allow it on port ${port}`,
    );
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

type Target = { host: string; port: number };

/** The host (without IPv6 brackets) and port a URL connects to. */
function targetOf(url: URL): Target {
  return { host: url.hostname.replace(/^\[|\]$/g, ""), port: url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80 };
}

/** The first address of a resolution that may not be reached, or null when all may. */
function refusedAddress({ host, port }: Target, addresses: readonly string[], allow: readonly AllowedHost[]): string | null {
  if (addresses.length === 0) return "nothing";
  return addresses.find((address) => !isPublicAddress(address) && !isAllowedHost(allow, host, address, port)) ?? null;
}

/**
 * The address check runs inside the socket's own DNS lookup, so the address judged is the one
 * connected to: a second resolution (DNS rebinding) cannot slip a private address past it.
 */
function guardedLookup(target: Target, allow: readonly AllowedHost[]): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 4);
      const list = addresses as dns.LookupAddress[];
      const refused = refusedAddress(target, list.map((a) => a.address), allow);
      if (refused) return callback(new BlockedAddressError(hostname, refused, target.port) as NodeJS.ErrnoException, "", 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/**
 * Judges a URL before it is saved, by the rules the connection will be held to (which still
 * apply: what a name resolves to can change). Throws BlockedAddressError, or the lookup's own
 * error (ENOTFOUND for a name that does not resolve; ETIMEOUT after `timeoutMs`).
 */
export async function checkUrlTarget(url: string, allow: readonly AllowedHost[], timeoutMs = 5_000): Promise<void> {
  const to = targetOf(new URL(url));
  let addresses = [to.host];
  if (!ipaddr.isValid(to.host)) {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`No DNS answer for ${to.host} within ${timeoutMs} ms`), { code: "ETIMEOUT" })), timeoutMs);
    });
    try {
      addresses = (await Promise.race([dns.promises.lookup(to.host, { all: true }), deadline])).map((a) => a.address);
    } finally {
      clearTimeout(timer);
    }
  }
  const refused = refusedAddress(to, addresses, allow);
  if (refused) throw new BlockedAddressError(to.host, refused, to.port);
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
    const to = targetOf(target);
    // Literal addresses never reach a lookup: judge them here.
    if (ipaddr.isValid(to.host) && refusedAddress(to, [to.host], policy.allow)) return reject(new BlockedAddressError(to.host, to.host, to.port));
    const client = target.protocol === "https:" ? https : http;
    const req = client.request(
      target,
      {
        method: init.method,
        headers: { ...init.headers, "content-length": Buffer.byteLength(init.body).toString() },
        lookup: guardedLookup(to, policy.allow),
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
