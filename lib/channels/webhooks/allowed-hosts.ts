import ipaddr from "ipaddr.js";

/** One WEBHOOK_ALLOWED_HOSTS entry: a host name or an address range, and the ports it opens. */
export type AllowedHost = { ports: readonly number[] } & (
  | { kind: "name"; name: string }
  | { kind: "range"; range: [ipaddr.IPv4 | ipaddr.IPv6, number] }
);

// An entry that names no port opens the web's own ports only: allowing a host must not open
// its database, cache or admin ports along with its web server.
const WEB_PORTS = [80, 443] as const;

function parsePort(text: string, entry: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65_535)) throw new Error(`'${entry}': expected a port from 1 to 65535 after ':'`);
  return port;
}

function parseEntry(entry: string): AllowedHost {
  // [IPv6] or [IPv6/bits], with an optional :port; otherwise host, address or range, then :port.
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(entry);
  const colons = entry.split(":").length - 1;
  const [host, portText] = bracketed ? [bracketed[1]!, bracketed[2]] : colons === 1 ? entry.split(":") : [entry, undefined];
  const ports = portText === undefined ? WEB_PORTS : [parsePort(portText, entry)];
  if (host!.includes("/")) {
    try {
      return { kind: "range", range: ipaddr.parseCIDR(host!), ports };
    } catch {
      throw new Error(`'${entry}': expected a CIDR range such as 10.0.0.0/8 or [fd00::/8]`);
    }
  }
  if (ipaddr.isValid(host!)) {
    const address = ipaddr.process(host!);
    return { kind: "range", range: [address, address.kind() === "ipv4" ? 32 : 128], ports };
  }
  // A bare IPv6 address has colons of its own and is judged above; with a port it needs brackets.
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(host!)) {
    throw new Error(`'${entry}': expected a host name, an IP address ([::1] for IPv6) or a CIDR range, optionally with :port`);
  }
  return { kind: "name", name: host!.toLowerCase(), ports };
}

/**
 * WEBHOOK_ALLOWED_HOSTS, parsed once: comma-separated entries such as `127.0.0.1:4000`,
 * `[::1]:4000`, `hooks.internal:8443`, `10.0.0.0/8` or `[fd00::/8]:9000`. Throws naming the
 * first malformed entry.
 */
export function parseAllowedHosts(text: string): AllowedHost[] {
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map(parseEntry);
}

/** Whether an entry lets a request to `host` (as written in the URL), connected to `address:port`, through. */
export function isAllowedHost(allow: readonly AllowedHost[], host: string, address: string, port: number): boolean {
  const name = host.replace(/^\[|\]$/g, "").toLowerCase();
  const parsed = ipaddr.isValid(address) ? ipaddr.process(address) : null;
  return allow.some((rule) => {
    if (!rule.ports.includes(port)) return false;
    if (rule.kind === "name") return rule.name === name;
    const [range, bits] = rule.range;
    return parsed !== null && parsed.kind() === range.kind() && parsed.match(range, bits);
  });
}
