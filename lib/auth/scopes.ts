import { z } from "zod";

export const apiKeyScopes = [
  "notifications:write",
  "recipients:read",
  "recipients:write",
  "preferences:read",
  "preferences:write",
  "webhooks:read",
  "webhooks:write",
  // GET /api/metrics, for a Prometheus scraper.
  "metrics:read",
  // Everything, including the admin API.
  "admin",
] as const;

export const apiKeyScopeSchema = z.enum(apiKeyScopes);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

/** What a new key gets when no scopes are named: everything a host app's server needs, not admin or metrics. */
export const defaultApiKeyScopes: ApiKeyScope[] = apiKeyScopes.filter((scope) => scope !== "admin" && scope !== "metrics:read");

export function hasScope(granted: readonly string[], needed: ApiKeyScope): boolean {
  return granted.includes("admin") || granted.includes(needed);
}
