import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { handleAndReturnErrorResponse, HeraldApiError } from "@/lib/api/errors";

describe("error model", () => {
  it("answers a zod error with 422 naming the field path", async () => {
    const schema = z.object({ to: z.array(z.object({ email: z.email() })) });
    const result = schema.safeParse({ to: [{ email: "ok@example.com" }, { email: "nope" }] });
    const response = handleAndReturnErrorResponse(result.error);
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error.code).toBe("unprocessable_entity");
    expect(body.error.issues[0].path).toBe("to[1].email");
    expect(body.error.message).toMatch(/^to\[1\]\.email: /);
  });

  it("maps each code to its status", async () => {
    expect(handleAndReturnErrorResponse(new HeraldApiError("forbidden", "no")).status).toBe(403);
    expect(handleAndReturnErrorResponse(new HeraldApiError("conflict", "dup")).status).toBe(409);
    expect(handleAndReturnErrorResponse(new HeraldApiError("payload_too_large", "big")).status).toBe(413);
  });

  it("sends the headers an error carries, beside the caller's", async () => {
    const error = new HeraldApiError("rate_limit_exceeded", "slow down", undefined, { "Retry-After": "30", "RateLimit-Remaining": "0" });
    const response = handleAndReturnErrorResponse(error, { "x-request-id": "r1" });
    expect(response.status).toBe(429);
    expect(Object.fromEntries(response.headers)).toMatchObject({ "retry-after": "30", "ratelimit-remaining": "0", "x-request-id": "r1" });
  });

  it("hides unknown errors behind a generic 500 and logs them without their secrets", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = handleAndReturnErrorResponse(new Error("connection to postgres://user:pw@db failed"));
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain("postgres://");
    expect(spy).toHaveBeenCalledTimes(1);
    const logged = String(spy.mock.calls[0]![0]);
    expect(logged).toContain("connection to postgres://user:[redacted]@db failed");
    expect(logged).not.toContain(":pw@");
    spy.mockRestore();
  });
});
