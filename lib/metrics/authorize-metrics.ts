import { timingSafeEqual, createHash } from "node:crypto";
import { HeraldApiError } from "@/lib/api/errors";
import { can } from "@/lib/auth/admin-roles";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { authenticateApiKey, readBearer } from "@/lib/auth/with-auth";
import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";

// Hashing first gives equal lengths, so the comparison takes the same time whatever was sent.
const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Who may read /api/metrics: a bearer HERALD_METRICS_TOKEN, an API key with `metrics:read`, or
 * a signed-in member (any role: metrics are read-only). No credentials (or wrong ones) is 401;
 * a key without the scope or a non-member session is 403, as everywhere else in the API.
 */
export async function authorizeMetrics(req: Request, db: Db): Promise<void> {
  if (req.headers.get("authorization")) {
    const token = getEnv().HERALD_METRICS_TOKEN;
    const bearer = readBearer(req);
    if (token && bearer && timingSafeEqual(digest(bearer), digest(token))) return;
    await authenticateApiKey(req, db, "metrics:read");
    return;
  }
  const user = await getCurrentUser();
  if (!user) throw new HeraldApiError("unauthorized", "Sign in as a member, or send a metrics token or API key.");
  if (!can(user.role, "admin:read")) throw new HeraldApiError("forbidden", "Metrics need a member role (viewer or higher).");
}
