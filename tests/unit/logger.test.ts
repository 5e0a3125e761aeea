import { afterEach, describe, expect, it, vi } from "vitest";
import { logger, redact, redactSecrets } from "@/lib/logger";

describe("log redaction", () => {
  it("replaces secret-looking keys at any depth and keeps the rest", () => {
    const out = redact({
      user: "alice",
      apiKey: "hk_123",
      nested: { authorization: "Bearer x", list: [{ webhookSecret: "whsec_1", ok: 1 }] },
      headers: { cookie: "a=b", "x-request-id": "r1" },
    });
    expect(out).toEqual({
      user: "alice",
      apiKey: "[redacted]",
      nested: { authorization: "[redacted]", list: [{ webhookSecret: "[redacted]", ok: 1 }] },
      headers: { cookie: "[redacted]", "x-request-id": "r1" },
    });
  });

  it("turns errors into plain objects", () => {
    expect(redact(new TypeError("boom"))).toMatchObject({ name: "TypeError", message: "boom" });
  });

  const hkKey = `hk_${"A1b2-C3d_".repeat(5)}xyz`;
  const jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImV4cCI6MTc2NDAwMDAwMH0.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  const pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----";
  const sid = `AC${"0123456789abcdef".repeat(2)}`;
  const twilioToken = "fedcba9876543210".repeat(2);

  it.each([
    ["a DSN password", "connect to postgres://herald:s3cr3t@db.internal:5432/herald failed", "connect to postgres://herald:[redacted]@db.internal:5432/herald failed"],
    ["a password with an @ in it", "postgresql://u:p@ss@host/db", "postgresql://u:[redacted]@host/db"],
    ["any scheme, no user", "redis://:hunter2@cache:6379 and amqps://app:pw%21@mq/vhost", "redis://:[redacted]@cache:6379 and amqps://app:[redacted]@mq/vhost"],
    ["an SMTP URL", "smtps://mailer:app-password@smtp.example.com:465", "smtps://mailer:[redacted]@smtp.example.com:465"],
    ["a bearer token", "Authorization: Bearer abc.def-ghi_jkl~123", "Authorization: Bearer [redacted]"],
    ["a basic credential", `header Basic ${Buffer.from("user:pass").toString("base64")} sent`, "header Basic [redacted] sent"],
    ["a webhook secret", "secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw ok", "secret whsec_[redacted] ok"],
    ["a Resend key", "key re_123456789_AbCdEfGhIjKlMnOpQrStUvWx!", "key re_[redacted]!"],
    ["a Herald API key", `got ${hkKey}.`, "got hk_[redacted]."],
    ["an Inngest signing key", "signkey-prod-0123456789abcdef0123", "signkey-prod-[redacted]"],
    ["a Twilio token in a URL", `https://${sid}:${twilioToken}@api.twilio.com/2010-04-01`, `https://${sid}:[redacted]@api.twilio.com/2010-04-01`],
    ["a Twilio token beside its sid", `auth ${sid}:${twilioToken}`, `auth ${sid}:[redacted]`],
    ["a JWT", `token ${jwt} rejected`, "token [redacted] rejected"],
    ["a PEM private key", `key ${pem} end`, "key -----BEGIN PRIVATE KEY-----[redacted]-----END PRIVATE KEY----- end"],
    ["an RSA key cut short", "-----BEGIN RSA PRIVATE KEY-----\nMIIEow", "-----BEGIN RSA PRIVATE KEY-----[redacted]"],
    [
      "secret query parameters",
      "GET https://h.example/cb?token=abc&page=2&key=k1&signature=s1&access_token=t1&X-Amz-Signature=9f&apiKey=a1&ticket=t2#top",
      "GET https://h.example/cb?token=[redacted]&page=2&key=[redacted]&signature=[redacted]&access_token=[redacted]&X-Amz-Signature=[redacted]&apiKey=[redacted]&ticket=[redacted]#top",
    ],
    ["a keyword connection string", "host=db user=herald password=s3cr3t dbname=x", "host=db user=herald password=[redacted] dbname=x"],
  ])("masks %s and keeps the rest", (_name, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it("leaves ordinary text alone", () => {
    const text = "Basic plan: 3 users; send a Bearer <key>; https://example.com/a?page=2&q=re_send&author=Bob&monkey=1; ratio 1:2@3";
    expect(redactSecrets(text)).toBe(text);
  });

  it("masks values wherever they sit: context strings, error messages, stacks and causes", () => {
    const cause = new Error("auth failed for postgres://admin:rootpw@10.0.0.5/app");
    const error = new Error(`query failed on postgres://herald:s3cr3t@db/herald`, { cause });
    const out = JSON.stringify(redact({ note: `retry with Bearer ${jwt}`, list: [{ url: "https://x.test/?token=abc" }], error }));
    for (const secret of ["s3cr3t", "rootpw", jwt, "token=abc"]) expect(out).not.toContain(secret);
    expect(out).toContain("postgres://herald:[redacted]@db/herald");
    expect(out).toContain("postgres://admin:[redacted]@10.0.0.5/app");
    const plain = redact(error) as { stack: string; cause: { message: string } };
    expect(plain.stack).toMatch(/^Error: query failed on postgres:\/\/herald:\[redacted\]@db\/herald\n\s+at /);
    expect(plain.cause.message).toBe("auth failed for postgres://admin:[redacted]@10.0.0.5/app");
  });
});

describe("logger", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints a thrown error without the password of the DSN in its message or stack", () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
    try {
      throw new Error("connect ECONNREFUSED postgres://herald:hunter2@db.internal:5432/herald");
    } catch (error) {
      logger.error("database unreachable at postgres://herald:hunter2@db.internal:5432/herald", { error });
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("hunter2");
    const line = JSON.parse(lines[0]!);
    expect(line.message).toBe("database unreachable at postgres://herald:[redacted]@db.internal:5432/herald");
    expect(line.error.message).toBe("connect ECONNREFUSED postgres://herald:[redacted]@db.internal:5432/herald");
    expect(line.error.stack).toContain("[redacted]@db.internal");
  });
});
