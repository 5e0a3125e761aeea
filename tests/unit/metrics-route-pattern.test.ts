import { describe, expect, it } from "vitest";
import { routePattern } from "@/lib/metrics/observe-http-request";
import { parseEnv } from "@/lib/env";

describe("metrics labels", () => {
  it("turn matched ids back into the route pattern, so labels stay few", () => {
    expect(routePattern("/api/admin/runs/3f0c", { id: "3f0c" })).toBe("/api/admin/runs/[id]");
    expect(routePattern("/api/admin/types/comment.created/templates", { key: "comment.created" })).toBe("/api/admin/types/[key]/templates");
    expect(routePattern("/api/v1/recipients/a%20b/preferences", { id: "a b" })).toBe("/api/v1/recipients/[id]/preferences");
    expect(routePattern("/api/docs/a/b/c", { slug: ["a", "b", "c"] })).toBe("/api/docs/[...slug]");
    expect(routePattern("/api/inbox", undefined)).toBe("/api/inbox");
    // The id happens to equal the static segment after it: the dynamic segment is the one named.
    expect(routePattern("/api/v1/notifications/cancel/cancel", { id: "cancel" })).toBe("/api/v1/notifications/[id]/cancel");
  });

  it("HERALD_METRICS_TOKEN is optional and must be long enough to guess at", () => {
    expect(parseEnv({}).HERALD_METRICS_TOKEN).toBeUndefined();
    expect(() => parseEnv({ HERALD_METRICS_TOKEN: "short" })).toThrow(/HERALD_METRICS_TOKEN: expected at least 24 characters/);
    expect(parseEnv({ HERALD_METRICS_TOKEN: "x".repeat(32) }).HERALD_METRICS_TOKEN).toBe("x".repeat(32));
  });
});
