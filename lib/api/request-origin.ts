/**
 * The origin the client used to reach us, for links we hand back (sign-in emails, redirects):
 * the proxy's X-Forwarded-Host/Proto when present, else the Host header. HERALD_PUBLIC_URL,
 * when set, wins over both wherever a link leaves the machine.
 */
export function requestOrigin(headers: Headers): string {
  const proto = (headers.get("x-forwarded-proto") ?? "http").split(",")[0]!.trim();
  const host = (headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost").split(",")[0]!.trim();
  return `${proto === "https" ? "https" : "http"}://${host}`;
}
