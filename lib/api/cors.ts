import { getEnv } from "@/lib/env";

const ALLOWED_HEADERS = "authorization, content-type, last-event-id";
const ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

/** The request's Origin when the operator lists it (HERALD_CORS_ORIGINS), else null. */
function allowedOrigin(req: Request): string | null {
  const origin = req.headers.get("origin");
  return origin && getEnv().HERALD_CORS_ORIGINS.includes(origin) ? origin : null;
}

/**
 * Lets a listed host page read the answer. No credentials: a host page authenticates with a
 * user token in the Authorization header, never with Herald's cookies, so a listed origin
 * cannot ride on a signed-in admin's session.
 */
export function withCorsHeaders(req: Request, response: Response): Response {
  const origin = allowedOrigin(req);
  response.headers.append("vary", "Origin");
  if (origin) response.headers.set("access-control-allow-origin", origin);
  return response;
}

// OPTIONS – the CORS preflight of the inbox and preferences API for listed origins
export async function corsPreflight(req: Request): Promise<Response> {
  const origin = allowedOrigin(req);
  if (!origin) return new Response(null, { status: 204, headers: { vary: "Origin" } });
  return new Response(null, {
    status: 204,
    headers: {
      vary: "Origin",
      "access-control-allow-origin": origin,
      "access-control-allow-methods": ALLOWED_METHODS,
      "access-control-allow-headers": ALLOWED_HEADERS,
      "access-control-max-age": "600",
    },
  });
}
