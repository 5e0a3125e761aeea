import type { Env } from "@/lib/env";

/**
 * The Content-Security-Policy of Herald's pages. Scripts run only with this response's nonce
 * (Next.js puts it on its own script tags) or when loaded by one of them ('strict-dynamic');
 * nothing may frame a page unless the operator lists who may (HERALD_FRAME_ANCESTORS). Styles
 * allow inline: React and the charts set style attributes, which cannot carry a nonce.
 */
export function contentSecurityPolicy(env: Env, nonce: string): string {
  const connect = ["'self'"];
  if (env.NEXT_PUBLIC_SUPABASE_URL) {
    const supabase = new URL(env.NEXT_PUBLIC_SUPABASE_URL);
    connect.push(supabase.origin, `${supabase.protocol === "https:" ? "wss" : "ws"}://${supabase.host}`);
  }
  // The Firebase web SDK registers browser push with Google's APIs.
  if (env.FIREBASE_WEB_CONFIG) connect.push("https://*.googleapis.com");
  const ancestors = env.HERALD_FRAME_ANCESTORS.length > 0 ? env.HERALD_FRAME_ANCESTORS.join(" ") : "'none'";
  return [
    "default-src 'self'",
    // 'unsafe-eval' only for `next dev`, whose fast refresh evaluates code.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    // Email previews show the images a real email would load.
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src ${connect.join(" ")}`,
    "worker-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${ancestors}`,
  ].join("; ");
}

/**
 * The headers only pages need, decided per request (the nonce) and from the environment. The
 * ones every response carries whatever the configuration (nosniff, referrer policy, HSTS over
 * HTTPS, a locked-down CSP for the API) are in next.config.js.
 */
export function pageSecurityHeaders(env: Env, nonce: string): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(env, nonce),
    // For browsers that predate frame-ancestors.
    ...(env.HERALD_FRAME_ANCESTORS.length === 0 ? { "x-frame-options": "DENY" } : {}),
  };
}
