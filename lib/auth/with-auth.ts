import { getDatabase } from "@/lib/db/get-database";
import type { Database, Db } from "@/lib/db/client";
import { handleAndReturnErrorResponse, HeraldApiError } from "@/lib/api/errors";
import { observeHttpRequest } from "@/lib/metrics/observe-http-request";
import { getCurrentUser } from "./get-current-user";
import { verifyApiKey, type ApiKeySummary } from "./api-keys";
import { hasScope, type ApiKeyScope } from "./scopes";
import type { SessionUser } from "./session-user";
import { adminPermissions, can, isMember, type AdminPermission } from "./admin-roles";
import { auditActor, type AuditActor } from "@/lib/audit/audit-actor";
import { withCorsHeaders } from "@/lib/api/cors";
import { assertSafeJson } from "@/lib/json/assert-safe-json";
import { readStreamTicket } from "./stream-ticket";
import { userFromToken } from "./user-from-token";
import { verifyUserToken } from "./verify-user-token";

type RouteContext = { params: Promise<Record<string, string | string[]>> };
type Base = { req: Request; params: Record<string, string>; db: Db; database: Database };
type RouteHandler = (req: Request, context: RouteContext) => Promise<Response>;

async function base(req: Request, context: RouteContext | undefined): Promise<Base> {
  const database = await getDatabase();
  const raw = (await context?.params) ?? {};
  const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
  // The URL is input too: a NUL in `?search=` or a path segment would reach Postgres as text.
  assertSafeJson({ params, query: Object.fromEntries(new URL(req.url).searchParams) });
  return { req, params, db: database.db, database };
}

/**
 * Cookie-authenticated writes must come from our own pages: a cross-site form or script
 * carries the cookie but not a matching Origin.
 */
function assertSameOrigin(req: Request) {
  if (req.method === "GET" || req.method === "HEAD") return;
  const refuse = () => new HeraldApiError("forbidden", "Cross-site request refused.");
  // Browsers say where a request comes from; only scripts and old browsers say nothing.
  if (req.headers.get("sec-fetch-site") === "cross-site") throw refuse();
  const origin = req.headers.get("origin");
  if (!origin) return;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    // "null" (sandboxed frames, file:// pages) or garbage: not us.
  }
  if (!originHost || originHost !== host) throw refuse();
}

function wrap<C>(
  authenticate: (b: Base) => Promise<C>,
  handler: (ctx: Base & C) => Promise<Response>,
): RouteHandler {
  return async (req, context) => {
    const startedAt = performance.now();
    let response: Response;
    try {
      const b = await base(req, context);
      response = await handler({ ...b, ...(await authenticate(b)) });
    } catch (error) {
      response = handleAndReturnErrorResponse(error);
    }
    void observeHttpRequest(req, context, response.status, startedAt);
    return response;
  };
}

async function requireUser(req: Request): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new HeraldApiError("unauthorized", "Sign in to continue.");
  assertSameOrigin(req);
  return user;
}

/**
 * An end user of the inbox API, by whichever means the request carries: a host app's user
 * token (`Authorization: Bearer`), a stream ticket (`?ticket=`, where allowed), or a session.
 * Header and ticket credentials are not sent by the browser on its own, so they need no
 * same-origin check; a session cookie does.
 */
async function requireInboxUser({ req, db }: Base, { streamTicket = false } = {}): Promise<SessionUser> {
  const bearer = readBearer(req);
  if (bearer) return userFromToken(db, await verifyUserToken(bearer));
  const ticket = streamTicket ? new URL(req.url).searchParams.get("ticket") : null;
  if (ticket) {
    const granted = await readStreamTicket(db, ticket);
    if (!granted) throw new HeraldApiError("unauthorized", "The stream ticket is invalid or has expired; ask for a new one.");
    return { id: `recipient:${granted.recipientId}`, email: "", name: "", role: "user", recipientId: granted.recipientId, via: "user-token", inboxTopic: granted.topic };
  }
  return requireUser(req);
}

/** The credential of an `Authorization: Bearer <credential>` header, or null when there is none. */
export function readBearer(req: Request): string | null {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1] ?? null;
}

/** The API key a request bears, if it is valid and has `scope`: 401 without a valid key, 403 without the scope. */
export async function authenticateApiKey(req: Request, db: Db, scope: ApiKeyScope): Promise<ApiKeySummary> {
  const bearer = readBearer(req);
  if (!bearer) throw new HeraldApiError("unauthorized", "Send an API key as 'Authorization: Bearer <key>'.");
  const apiKey = await verifyApiKey(db, bearer);
  if (!apiKey) throw new HeraldApiError("unauthorized", "The API key is invalid or has been revoked.");
  if (!hasScope(apiKey.scopes, scope)) {
    throw new HeraldApiError("forbidden", `This API key lacks the '${scope}' scope.`);
  }
  return apiKey;
}

/** Routes that authenticate the request themselves (provider callbacks verify a signature; metrics accept a token). */
export const withSignedRequest = (handler: (ctx: Base) => Promise<Response>) => wrap(async () => ({}), handler);

// METHOD /path handlers for an end user's own inbox and preferences: a session (cookie or
// Supabase Auth) or a host app's user token; answers carry CORS headers for listed origins.
export const withUser = (
  handler: (ctx: Base & { user: SessionUser }) => Promise<Response>,
  options: { streamTicket?: boolean } = {},
): RouteHandler => {
  const wrapped = wrap(async (b) => ({ user: await requireInboxUser(b, options) }), handler);
  return async (req, context) => withCorsHeaders(req, await wrapped(req, context));
};

// Admin pages' APIs: every handler names the permission it needs, checked on the server for
// every call; `actor` is who the audit log records for the changes it makes.
export const withAdmin = (permission: AdminPermission, handler: (ctx: Base & { user: SessionUser; actor: AuditActor }) => Promise<Response>) =>
  wrap(async ({ req }) => {
    const user = await requireUser(req);
    if (!isMember(user.role)) throw new HeraldApiError("forbidden", "This needs a member role (viewer, editor, admin or owner).");
    if (!can(user.role, permission)) {
      throw new HeraldApiError("forbidden", `This needs the ${adminPermissions[permission]} role or higher (yours is ${user.role}).`);
    }
    return { user, actor: auditActor({ user }, req) };
  }, handler);

// Server-to-server calls from host apps: `Authorization: Bearer <key>` with the needed scope.
export const withApiKey = (scope: ApiKeyScope, handler: (ctx: Base & { apiKey: ApiKeySummary; actor: AuditActor }) => Promise<Response>) =>
  wrap(async ({ req, db }) => {
    const apiKey = await authenticateApiKey(req, db, scope);
    return { apiKey, actor: auditActor({ apiKey }, req) };
  }, handler);
