import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { HeraldApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/client";
import { rateLimits } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { getMetrics } from "@/lib/metrics/metrics-registry";
import { rateLimitBuckets, type RateLimitBucket } from "./rate-limit-buckets";

const WINDOW_SECONDS = 60;

/** The IETF draft's RateLimit-* fields, for a successful answer to carry too. */
export type RateLimitHeaders = Record<string, string>;

const digest = (key: string) => createHash("sha256").update(key).digest("base64url");

/**
 * Counts one request against `bucket` for each key (say, the API key and the client address)
 * and throws a 429 with Retry-After and RateLimit-* headers when any of them is over its limit
 * for the current minute; otherwise returns the headers of the tightest one.
 *
 * One statement per check, whatever the number of processes: the upsert counts the request in
 * the row's window, or starts the next window, and returns the count — Postgres's row lock
 * orders concurrent requests, so none is lost. Windows are fixed minutes of the database clock
 * (one clock for every process); a client can spend a limit at the end of one minute and again
 * at the start of the next, which is fine for limits meant to stop floods, not to meter.
 */
export async function enforceRateLimit(db: Db, bucket: RateLimitBucket, keys: string | string[]): Promise<RateLimitHeaders> {
  const limit = rateLimitBuckets[bucket](getEnv());
  if (limit === 0) return {};
  // Sorted, so two requests sharing keys lock their rows in the same order.
  const digests = [...new Set([keys].flat().map(digest))].sort();
  const window = sql`date_bin(interval '${sql.raw(String(WINDOW_SECONDS))} seconds', now(), timestamptz 'epoch')`;
  const rows = await db
    .insert(rateLimits)
    .values(digests.map((key) => ({ bucket, key, windowStart: window, count: 1 })))
    .onConflictDoUpdate({
      target: [rateLimits.bucket, rateLimits.key],
      set: {
        // A request that computed an older window (its transaction began before the minute
        // turned) counts in the current one rather than moving the window back.
        count: sql`case when excluded.window_start > ${rateLimits.windowStart} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`greatest(${rateLimits.windowStart}, excluded.window_start)`,
      },
    })
    .returning({
      count: rateLimits.count,
      resetSeconds: sql<number>`greatest(1, ceil(extract(epoch from ${rateLimits.windowStart} + interval '${sql.raw(String(WINDOW_SECONDS))} seconds' - now())))::int`,
    });
  const tightest = rows.reduce((a, b) => (b.count > a.count ? b : a));
  const reset = String(tightest.resetSeconds);
  const headers = { "RateLimit-Limit": String(limit), "RateLimit-Remaining": String(Math.max(0, limit - tightest.count)), "RateLimit-Reset": reset };
  if (tightest.count <= limit) return headers;
  getMetrics().rateLimited.inc({ bucket });
  throw new HeraldApiError(
    "rate_limit_exceeded",
    `Too many requests: at most ${limit} per minute for ${bucket}. Try again in ${reset} s.`,
    undefined,
    { ...headers, "Retry-After": reset },
  );
}
