import { timingSafeEqual, createHash } from "node:crypto";
import { HeraldApiError } from "@/lib/api/errors";
import { verifyApiKey } from "@/lib/auth/api-keys";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { hasScope } from "@/lib/auth/scopes";
import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";

// Hashing first gives equal lengths, so the comparison takes the same time whatever was sent.
const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Who may read /api/metrics: a bearer HERALD_METRICS_TOKEN, an API key with `metrics:read`, or
 * a signed-in admin. No credentials (or wrong ones) is 401; a key without the scope or a
 * non-admin session is 403, as everywhere else in the API.
 */
export async function authorizeMetrics(req: Request, db: Db): Promise<void> {
  const header = req.headers.get("authorization");
  if (header) {
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!bearer) throw new HeraldApiError("unauthorized", "Send 'Authorization: Bearer <token or API key>'.");
    const token = getEnv().HERALD_METRICS_TOKEN;
    if (token && timingSafeEqual(digest(bearer), digest(token))) return;
    const apiKey = await verifyApiKey(db, bearer);
    if (!apiKey) throw new HeraldApiError("unauthorized", "The metrics token or API key is invalid.");
    if (!hasScope(apiKey.scopes, "metrics:read")) throw new HeraldApiError("forbidden", "This API key lacks the 'metrics:read' scope.");
    return;
  }
  const user = await getCurrentUser();
  if (!user) throw new HeraldApiError("unauthorized", "Sign in as an admin, or send a metrics token or API key.");
  if (user.role !== "admin") throw new HeraldApiError("forbidden", "Metrics need the admin role.");
}
