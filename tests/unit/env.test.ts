import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, runtimeModes } from "@/lib/env";

function problems(source: Record<string, string>) {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
  throw new Error("expected parseEnv to fail");
}

describe("environment validation", () => {
  it("gives the embedded default when nothing is set", () => {
    const env = parseEnv({});
    expect(env.HERALD_DATA_DIR).toBe(".data");
    expect(runtimeModes(env)).toEqual({ database: "pglite", auth: "local", durable: "embedded", userTokens: "off" });
  });

  it("offers local sign-in only on the embedded database, or behind the unsafe flag", () => {
    const postgresUrl = "postgres://herald:pw@db.internal:5432/herald";
    expect(runtimeModes(parseEnv({ DATABASE_URL: postgresUrl })).auth).toBe("email-link");
    expect(runtimeModes(parseEnv({ DATABASE_URL: postgresUrl, HERALD_UNSAFE_LOCAL_SIGN_IN: "true" })).auth).toBe("local");
    expect(runtimeModes(parseEnv({ HERALD_UNSAFE_LOCAL_SIGN_IN: "true", NEXT_PUBLIC_SUPABASE_URL: "https://x.supabase.co", NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "sb_publishable_0123456789abcdef" })).auth).toBe("supabase");
    expect(runtimeModes(parseEnv({ HERALD_USER_TOKEN_SECRET: "s".repeat(32) })).userTokens).toBe("hs256");
    expect(runtimeModes(parseEnv({ HERALD_USER_TOKEN_JWKS_URL: "https://acme.example/.well-known/jwks.json" })).userTokens).toBe("jwks");
    expect(problems({ HERALD_USER_TOKEN_SECRET: "short" })[0]?.variable).toBe("HERALD_USER_TOKEN_SECRET");
  });

  it("treats empty strings as unset", () => {
    expect(runtimeModes(parseEnv({ DATABASE_URL: "", INNGEST_DEV: "" })).database).toBe("pglite");
  });

  it("names each malformed variable and what it expects", () => {
    const found = problems({ DATABASE_URL: "mysql://x", HERALD_DB_POOL_MAX: "lots", SESSION_SECRET: "short", LOG_LEVEL: "loud" });
    expect(found.map((p) => p.variable).sort()).toEqual(["DATABASE_URL", "HERALD_DB_POOL_MAX", "LOG_LEVEL", "SESSION_SECRET"]);
    expect(found.find((p) => p.variable === "DATABASE_URL")?.message).toMatch(/postgres/);
    expect(found.find((p) => p.variable === "SESSION_SECRET")?.message).toMatch(/32 characters/);
  });

  it("requires the Supabase key with the Supabase URL, and both Inngest keys together", () => {
    expect(problems({ NEXT_PUBLIC_SUPABASE_URL: "https://x.supabase.co" })[0]?.variable).toBe("NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY");
    expect(problems({ INNGEST_SIGNING_KEY: "signkey-prod-abc123" })[0]?.variable).toBe("INNGEST_EVENT_KEY");
    expect(problems({ INNGEST_SIGNING_KEY: "nope", INNGEST_EVENT_KEY: "evtkey-123456" })[0]?.variable).toBe("INNGEST_SIGNING_KEY");
  });

  it("derives each production mode from its variables", () => {
    const env = parseEnv({
      DATABASE_URL: "postgresql://postgres:pw@db.example.supabase.co:5432/postgres",
      NEXT_PUBLIC_SUPABASE_URL: "https://example.supabase.co",
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "sb_publishable_0123456789abcdef",
      INNGEST_SIGNING_KEY: "signkey-prod-0123abcd",
      INNGEST_EVENT_KEY: "event-key-0123",
    });
    expect(runtimeModes(env)).toEqual({ database: "postgres", auth: "supabase", durable: "inngest-cloud", userTokens: "off" });
    expect(runtimeModes(parseEnv({ INNGEST_DEV: "1" })).durable).toBe("inngest-dev");
    expect(runtimeModes(parseEnv({ INNGEST_DEV: "http://127.0.0.1:8288" })).durable).toBe("inngest-dev");
  });

  it("prints every problem in the error message", () => {
    expect(() => parseEnv({ DATABASE_URL: "nope" })).toThrow(/DATABASE_URL: expected a postgres/);
  });
});
