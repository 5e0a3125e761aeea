import { z } from "zod";

// Every environment variable Herald reads is declared here and validated once. Empty strings
// count as unset, because `.env` files and CI secrets often carry `NAME=` for "not configured".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const flag = z
  .enum(["1", "0", "true", "false"], { error: 'expected "1", "0", "true" or "false"' })
  .transform((value) => value === "1" || value === "true");

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/.+/, { error: "expected a postgres:// or postgresql:// connection string" });

const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });

export const envSchema = z
  .object({
    NODE_ENV: optional(z.enum(["development", "production", "test"])).default("development"),

    // Database: PGlite in HERALD_DATA_DIR unless DATABASE_URL points at a Postgres server.
    DATABASE_URL: optional(postgresUrl),
    HERALD_DATA_DIR: optional(z.string()).default(".data"),
    HERALD_DB_POOL_MAX: optional(z.coerce.number().int().min(1).max(200)).default(10),
    // "auto" seeds demo data on the first start of the embedded default only.
    HERALD_SEED_DEMO: optional(z.enum(["auto", "true", "false"])).default("auto"),

    // Local sessions. Without a secret the embedded default generates one and keeps it in the
    // database, so every process on that database accepts the same cookies.
    SESSION_SECRET: optional(z.string().min(32, { error: "expected at least 32 characters" })),
    HERALD_PUBLIC_URL: optional(httpUrl),

    // Supabase Auth and Realtime (production). Setting the URL switches local sign-in off.
    NEXT_PUBLIC_SUPABASE_URL: optional(httpUrl),
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: optional(z.string().min(20)),

    // Inngest (production): Cloud/self-hosted with both keys, or the Dev Server with INNGEST_DEV.
    INNGEST_SIGNING_KEY: optional(z.string().regex(/^signkey-[a-z]+-[0-9a-f]+$/, { error: "expected signkey-<env>-<hex>" })),
    INNGEST_SIGNING_KEY_FALLBACK: optional(z.string()),
    INNGEST_EVENT_KEY: optional(z.string().min(8)),
    INNGEST_DEV: optional(z.union([flag, httpUrl])),
    INNGEST_BASE_URL: optional(httpUrl),

    // A bearer token a Prometheus scraper may present to GET /api/metrics (besides an API key
    // with metrics:read). Compared in constant time and never logged.
    HERALD_METRICS_TOKEN: optional(z.string().min(24, { error: "expected at least 24 characters" })),

    LOG_LEVEL: optional(z.enum(["debug", "info", "warn", "error", "silent"])).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.NEXT_PUBLIC_SUPABASE_URL && !env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY"],
        message: "required when NEXT_PUBLIC_SUPABASE_URL is set",
      });
    }
    if (Boolean(env.INNGEST_SIGNING_KEY) !== Boolean(env.INNGEST_EVENT_KEY) && !env.INNGEST_DEV) {
      ctx.addIssue({
        code: "custom",
        path: [env.INNGEST_SIGNING_KEY ? "INNGEST_EVENT_KEY" : "INNGEST_SIGNING_KEY"],
        message: "INNGEST_SIGNING_KEY and INNGEST_EVENT_KEY are set together (Inngest Cloud or self-hosted)",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      "Invalid environment configuration:\n" +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join("\n"),
    );
    this.name = "EnvError";
  }
}

/** Validates an environment (pure: tests pass their own object). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? "environment"),
      message: issue.message,
    })),
  );
}

let cached: Env | undefined;

/** The process environment, validated on first use and then kept. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Which runtime mode each concern is in; derived, never configured twice. */
export function runtimeModes(env: Env = getEnv()) {
  return {
    database: env.DATABASE_URL ? ("postgres" as const) : ("pglite" as const),
    auth: env.NEXT_PUBLIC_SUPABASE_URL ? ("supabase" as const) : ("local" as const),
    durable: env.INNGEST_DEV
      ? ("inngest-dev" as const)
      : env.INNGEST_SIGNING_KEY
        ? ("inngest-cloud" as const)
        : ("embedded" as const),
  };
}
