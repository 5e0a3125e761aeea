import type { Env } from "@/lib/env";

/** What each rate limit counts, and its limit per minute (0 = off) from the environment. */
export const rateLimitBuckets = {
  intake: (env: Env) => env.HERALD_RATE_LIMIT_INTAKE,
  "sign-in": (env: Env) => env.HERALD_RATE_LIMIT_SIGN_IN,
  "token-exchange": (env: Env) => env.HERALD_RATE_LIMIT_TOKEN_EXCHANGE,
} as const;

export type RateLimitBucket = keyof typeof rateLimitBuckets;
