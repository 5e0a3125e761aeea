import { z } from "zod";
import { parseAllowedHosts } from "@/lib/channels/webhooks/allowed-hosts";
import { parseDuration } from "@/lib/parse-duration";
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule } from "@/lib/send/retry-schedule";

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

/** A string parsed by `parse`, whose error message becomes the variable's problem. */
const parsed = <T>(parse: (value: string) => T) =>
  z.string().transform((value, ctx) => {
    try {
      return parse(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  });

// A duration such as 30s, 5m, 2h, 5d (or a number of milliseconds), in milliseconds.
const duration = parsed((value) => {
  try {
    return parseDuration(value);
  } catch {
    throw new Error("expected a duration like 30s, 5m, 2h or 5d");
  }
});
const retrySchedule = parsed(parseRetrySchedule);

// Inngest Cloud's keys carry a `signkey-<env>-` prefix; a self-hosted server's is the bare hex
// it was started with (the SDK signs with the hex either way).
const signingKey = z.string().regex(/^(signkey-[a-z]+-)?[0-9a-f]+$/, { error: "expected signkey-<env>-<hex> (Inngest Cloud) or a self-hosted server's hex key" });

export const envSchema = z
  .object({
    NODE_ENV: optional(z.enum(["development", "production", "test"])).default("development"),

    // Database: PGlite in HERALD_DATA_DIR unless DATABASE_URL points at a Postgres server.
    DATABASE_URL: optional(postgresUrl),
    HERALD_DATA_DIR: optional(z.string()).default(".data"),
    HERALD_DB_POOL_MAX: optional(z.coerce.number().int().min(1).max(200)).default(10),
    // Every statement ends within this (server-side statement_timeout, and the client gives up
    // on a silent connection shortly after); connecting, or waiting for a pooled connection,
    // within the other. A request that hits either is answered 503 with Retry-After.
    HERALD_DB_STATEMENT_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(3_600_000)).default(15_000),
    HERALD_DB_CONNECT_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(120_000)).default(5_000),
    // "auto" seeds demo data on the first start of the embedded default only.
    HERALD_SEED_DEMO: optional(z.enum(["auto", "true", "false"])).default("auto"),

    // Local sessions. Without a secret the embedded default generates one and keeps it in the
    // database, so every process on that database accepts the same cookies.
    SESSION_SECRET: optional(z.string().min(32, { error: "expected at least 32 characters" })),
    HERALD_PUBLIC_URL: optional(httpUrl),

    // Local "pick a user" sign-in hands out any account, admins included: it exists in the
    // embedded default only, unless the operator opts in under a name that says what it is.
    HERALD_UNSAFE_LOCAL_SIGN_IN: optional(flag).default(false),
    // Operator sign-in by emailed link (plain Postgres, no Supabase): how long a link is valid.
    HERALD_SIGN_IN_LINK_TTL_MINUTES: optional(z.coerce.number().int().min(1).max(60)).default(15),

    // Host-app user tokens: the host's server signs a short-lived JWT for its user (sub = the
    // recipient's external id) with a shared secret (HS256) or a key published at a JWKS URL.
    HERALD_USER_TOKEN_SECRET: optional(z.string().min(32, { error: "expected at least 32 characters" })),
    HERALD_USER_TOKEN_JWKS_URL: optional(httpUrl),
    HERALD_USER_TOKEN_AUDIENCE: optional(z.string().min(1)).default("herald"),
    HERALD_USER_TOKEN_ISSUER: optional(z.string().min(1)),
    // The longest lifetime (exp - now) a user token may claim, in seconds.
    HERALD_USER_TOKEN_MAX_AGE_SECONDS: optional(z.coerce.number().int().min(60).max(86_400)).default(3_600),
    // Origins (scheme://host[:port], comma-separated) whose pages may call the inbox API with
    // a user token from the browser.
    HERALD_CORS_ORIGINS: optional(
      z
        .string()
        .transform((v) => v.split(",").map((o) => o.trim()).filter(Boolean))
        .pipe(z.array(z.url({ protocol: /^https?$/ }).refine((o) => new URL(o).origin === o, { error: "expected origins like https://app.example.com (no path)" }))),
    ).default([]),

    // Pages may be framed only by these origins (CSP frame-ancestors); none by default.
    HERALD_FRAME_ANCESTORS: optional(
      z
        .string()
        .transform((v) => v.split(/[\s,]+/).filter(Boolean))
        .pipe(z.array(z.url({ protocol: /^https?$/ }).refine((o) => new URL(o).origin === o, { error: "expected origins like https://app.example.com" }))),
    ).default([]),

    // Supabase Auth and Realtime (production). Setting the URL switches local sign-in off.
    NEXT_PUBLIC_SUPABASE_URL: optional(httpUrl),
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: optional(z.string().min(20)),

    // Inngest (production): Cloud/self-hosted with both keys, or the Dev Server with INNGEST_DEV.
    // The fallback key verifies calls while a key rotation is under way (the new key as
    // INNGEST_SIGNING_KEY, the old one as the fallback, until Inngest signs with the new one).
    INNGEST_SIGNING_KEY: optional(signingKey),
    INNGEST_SIGNING_KEY_FALLBACK: optional(signingKey),
    INNGEST_EVENT_KEY: optional(z.string().min(8)),
    INNGEST_DEV: optional(z.union([flag, httpUrl])),
    // Self-hosted Inngest: its URL, for the API (syncs) and the event API alike, or each apart
    // (the API's and the event API's own variables win over INNGEST_BASE_URL). The SDK reads them.
    INNGEST_BASE_URL: optional(httpUrl),
    INNGEST_API_BASE_URL: optional(httpUrl),
    INNGEST_EVENT_API_BASE_URL: optional(httpUrl),
    // Where the admin's run views link to when Inngest runs the functions. By default Inngest
    // Cloud's production environment, or the self-hosted server's (or Dev Server's) own UI.
    INNGEST_DASHBOARD_URL: optional(httpUrl),

    // Providers. Each channel uses the providers whose credentials are set, in the order below
    // (or EMAIL_PROVIDER_ORDER); with none set, messages go to the dev outbox.
    RESEND_API_KEY: optional(z.string().regex(/^re_\S+$/, { error: "expected a Resend key (re_…)" })),
    RESEND_BASE_URL: optional(httpUrl),
    RESEND_WEBHOOK_SECRET: optional(z.string().regex(/^whsec_\S+$/, { error: "expected whsec_…" })),
    SMTP_URL: optional(z.string().regex(/^smtps?:\/\/.+/, { error: "expected smtp:// or smtps://" })),
    EMAIL_FROM: optional(z.string().min(3)),
    EMAIL_PROVIDER_ORDER: optional(z.string().regex(/^(resend|smtp)(,(resend|smtp))?$/, { error: 'expected "resend,smtp" or "smtp,resend"' })),
    TWILIO_ACCOUNT_SID: optional(z.string().regex(/^AC[0-9a-fA-F]{32}$/, { error: "expected AC followed by 32 hex digits" })),
    TWILIO_AUTH_TOKEN: optional(z.string().min(16)),
    // A phone number in E.164, or a Messaging Service SID (MG…).
    TWILIO_FROM: optional(z.string().regex(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, { error: "expected +E.164 or MG…" })),
    TWILIO_API_BASE_URL: optional(httpUrl),
    // The service account JSON (or its base64) that firebase-admin signs in with.
    FIREBASE_SERVICE_ACCOUNT: optional(z.string().min(2)),
    // The web app's Firebase config (JSON) and VAPID key: offers browser notifications.
    FIREBASE_WEB_CONFIG: optional(z.string().min(2)),
    FIREBASE_VAPID_KEY: optional(z.string().min(20)),
    PROVIDER_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(120_000)).default(10_000),
    HERALD_BREAKER_THRESHOLD: optional(z.coerce.number().int().min(1).max(1000)).default(5),
    HERALD_BREAKER_COOLDOWN_MS: optional(z.coerce.number().int().min(100).max(3_600_000)).default(30_000),
    // The wait before each attempt of a delivery (comma-separated durations, the first 0), for
    // every channel or per channel. By default Standard Webhooks' schedule: 10 attempts, ~3 days.
    HERALD_RETRY_SCHEDULE: optional(retrySchedule).default(parseRetrySchedule(DEFAULT_RETRY_SCHEDULE)),
    HERALD_RETRY_SCHEDULE_EMAIL: optional(retrySchedule),
    HERALD_RETRY_SCHEDULE_SMS: optional(retrySchedule),
    HERALD_RETRY_SCHEDULE_PUSH: optional(retrySchedule),
    HERALD_RETRY_SCHEDULE_WEBHOOK: optional(retrySchedule),
    // Outgoing webhooks. Private and loopback addresses are refused unless listed here:
    // comma-separated host names, IPs ([::1] for IPv6) or CIDR ranges, each with the one port it
    // opens (127.0.0.1:4000) — without a port only 80 and 443, never a host's other services.
    WEBHOOK_ALLOWED_HOSTS: optional(parsed(parseAllowedHosts)).default([]),
    WEBHOOK_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(60_000)).default(10_000),
    WEBHOOK_MAX_RESPONSE_BYTES: optional(z.coerce.number().int().min(0).max(10_485_760)).default(65_536),
    // An endpoint is disabled once it has failed for this long with no success in between (or
    // at once on 410 Gone) — never for a number of failures, which a burst reaches in seconds.
    WEBHOOK_DISABLE_AFTER: optional(duration.pipe(z.number().min(1000, { error: "at least 1s" }))).default(5 * 86_400_000),
    WEBHOOK_DISABLE_AFTER_FAILURES: optional(z.never({ error: "replaced by WEBHOOK_DISABLE_AFTER, a duration (default 5d): endpoints are disabled after failing that long with no success" })),
    // Encrypts stored webhook secrets (32 bytes, base64). Without it a key is derived from the
    // session secret, which is enough for the embedded default, not for production.
    HERALD_ENCRYPTION_KEY: optional(z.string().refine((v) => Buffer.from(v, "base64").length === 32, { error: "expected 32 bytes, base64" })),
    // A bearer token a Prometheus scraper may present to GET /api/metrics (besides an API key
    // with metrics:read). Compared in constant time and never logged.
    HERALD_METRICS_TOKEN: optional(z.string().min(24, { error: "expected at least 24 characters" })),
    // Rate limits, in requests per minute, counted in Postgres so every process shares them; 0
    // turns one off. Intake: per API key (or admin) and per client address. Sign-in: per client
    // address and per email. Token exchange: per client address.
    // Retention: rows older than this are deleted hourly, in batches, by the prune-old-rows
    // function; 0 keeps them forever. Executor: finished runs (with their steps and event
    // payloads) and received events. Delivery events: the per-delivery timeline. Outbox: the
    // embedded default's dev outbox. Idempotency keys answer replays for 24 h, so keep them longer.
    HERALD_RETENTION_EXECUTOR_DAYS: optional(z.coerce.number().int().min(0).max(36_500)).default(30),
    HERALD_RETENTION_DELIVERY_EVENTS_DAYS: optional(z.coerce.number().int().min(0).max(36_500)).default(90),
    HERALD_RETENTION_OUTBOX_DAYS: optional(z.coerce.number().int().min(0).max(36_500)).default(14),
    HERALD_RETENTION_IDEMPOTENCY_HOURS: optional(z.coerce.number().int().min(0).max(876_000)).default(48),
    // Rows per delete statement: small enough that no statement holds locks for long.
    HERALD_RETENTION_BATCH: optional(z.coerce.number().int().min(1).max(100_000)).default(5000),
    HERALD_RATE_LIMIT_INTAKE: optional(z.coerce.number().int().min(0).max(10_000_000)).default(6000),
    HERALD_RATE_LIMIT_SIGN_IN: optional(z.coerce.number().int().min(0).max(100_000)).default(20),
    HERALD_RATE_LIMIT_TOKEN_EXCHANGE: optional(z.coerce.number().int().min(0).max(100_000)).default(300),
    // How many proxies in front of Herald append to X-Forwarded-For ("true" = one). Without a
    // trusted proxy that header is the client's own word, so client addresses are not used.
    HERALD_TRUST_PROXY: optional(
      z
        .string()
        .regex(/^(true|false|[0-9])$/, { error: 'expected "true", "false" or the number of proxies (0–9)' })
        .transform((v) => (v === "true" ? 1 : v === "false" ? 0 : Number(v))),
    ).default(0),

    // "off": this web process takes events in but runs no executor work; `npm run worker`
    // processes on the same database do (embedded mode only).
    HERALD_EXECUTOR: optional(z.enum(["on", "off"])).default("on"),

    // "on": the embedded executor lets the SDK run a run's consecutive steps in one call,
    // memoizing each as the SDK checkpoints it; "off": one step per call.
    HERALD_CHECKPOINTING: optional(z.enum(["on", "off"])).default("on"),

    // How long a process may take on SIGTERM to finish in-flight work and hand back the rest.
    HERALD_SHUTDOWN_GRACE_MS: optional(z.coerce.number().int().min(0).max(120_000)).default(10_000),

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
    if (env.HERALD_USER_TOKEN_SECRET && env.HERALD_USER_TOKEN_JWKS_URL) {
      ctx.addIssue({ code: "custom", path: ["HERALD_USER_TOKEN_JWKS_URL"], message: "set HERALD_USER_TOKEN_SECRET or HERALD_USER_TOKEN_JWKS_URL, not both" });
    }
    if ((env.RESEND_API_KEY || env.SMTP_URL) && !env.EMAIL_FROM) {
      ctx.addIssue({ code: "custom", path: ["EMAIL_FROM"], message: "required when RESEND_API_KEY or SMTP_URL is set" });
    }
    const twilio = [env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN, env.TWILIO_FROM].filter(Boolean).length;
    if (twilio > 0 && twilio < 3) {
      ctx.addIssue({
        code: "custom",
        path: [!env.TWILIO_ACCOUNT_SID ? "TWILIO_ACCOUNT_SID" : !env.TWILIO_AUTH_TOKEN ? "TWILIO_AUTH_TOKEN" : "TWILIO_FROM"],
        message: "TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM are set together",
      });
    }
    if (env.INNGEST_SIGNING_KEY_FALLBACK && !env.INNGEST_SIGNING_KEY) {
      ctx.addIssue({ code: "custom", path: ["INNGEST_SIGNING_KEY_FALLBACK"], message: "a fallback needs INNGEST_SIGNING_KEY (the new key) beside it" });
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
    // Supabase Auth; else local sign-in where it is safe (the embedded default) or explicitly
    // allowed; else operators sign in with an emailed link.
    auth: env.NEXT_PUBLIC_SUPABASE_URL
      ? ("supabase" as const)
      : !env.DATABASE_URL || env.HERALD_UNSAFE_LOCAL_SIGN_IN
        ? ("local" as const)
        : ("email-link" as const),
    userTokens: env.HERALD_USER_TOKEN_SECRET ? ("hs256" as const) : env.HERALD_USER_TOKEN_JWKS_URL ? ("jwks" as const) : ("off" as const),
    durable: env.INNGEST_DEV
      ? ("inngest-dev" as const)
      : env.INNGEST_SIGNING_KEY
        ? ("inngest-cloud" as const)
        : ("embedded" as const),
  };
}
