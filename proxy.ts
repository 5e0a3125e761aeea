import { NextResponse, type NextRequest } from "next/server";
import { getEnv, runtimeModes } from "@/lib/env";
import { pageSecurityHeaders } from "@/lib/security/security-headers";
import { updateSupabaseSession } from "@/lib/supabase/proxy";

/**
 * Every page gets a fresh CSP nonce: Next.js reads it from the request's
 * Content-Security-Policy header and puts it on the scripts it renders. Pages are rendered per
 * request (they read the session), so no cached page carries a stale nonce.
 */
export async function proxy(request: NextRequest) {
  const env = getEnv();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const security = pageSecurityHeaders(env, nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", security["content-security-policy"]!);
  const response = runtimeModes(env).auth === "supabase" ? await updateSupabaseSession(request, requestHeaders) : NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(security)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Pages only: never the durable-execution endpoint, provider callbacks, the realtime stream or static files.
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico|embed/|.*\\.(?:svg|png|jpg|jpeg|gif|webp|js|css|txt)$).*)"],
};
