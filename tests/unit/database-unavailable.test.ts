import { describe, expect, it, vi } from "vitest";
import { handleAndReturnErrorResponse } from "@/lib/api/errors";
import { databaseConfig } from "@/lib/db/get-database";
import { isConnectionError } from "@/lib/db/is-connection-error";
import { parseEnv } from "@/lib/env";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
// drizzle wraps the driver's error, quoting the query and its parameters.
const wrapped = (cause: Error) => new Error("Failed query: select 1\nparams: secret-ish", { cause });

describe("database unavailable", () => {
  it("recognises refused, reset, terminated and timed-out connections, also inside drizzle's wrapper", () => {
    for (const error of [
      withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"),
      withCode("read ECONNRESET", "ECONNRESET"),
      withCode("terminating connection due to administrator command", "57P01"),
      withCode("canceling statement due to statement timeout", "57014"),
      withCode("the database system is starting up", "57P03"),
      new Error("Connection terminated unexpectedly"),
      new Error("Connection terminated due to connection timeout"),
      new Error("timeout exceeded when trying to connect"),
      new Error("Query read timeout"),
      new AggregateError([withCode("connect ECONNREFUSED ::1:5432", "ECONNREFUSED")], ""),
    ]) {
      expect(isConnectionError(error), error.message).toBe(true);
      expect(isConnectionError(wrapped(error)), error.message).toBe(true);
    }
    for (const error of [withCode("duplicate key value violates unique constraint", "23505"), new Error("connection to postgres://u:pw@db failed"), "ECONNRESET", null]) {
      expect(isConnectionError(error)).toBe(false);
    }
  });

  it("is answered 503 with Retry-After, logged once by kind, never with the connection string or the query", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = handleAndReturnErrorResponse(wrapped(withCode("connect ECONNREFUSED postgres://herald:hunter2@db:5432", "ECONNREFUSED")));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect((await response.json()).error.code).toBe("service_unavailable");
    expect(spy).toHaveBeenCalledTimes(1);
    const logged = String(spy.mock.calls[0]![0]);
    expect(logged).toContain("ECONNREFUSED");
    expect(logged).not.toContain("hunter2");
    expect(logged).not.toContain("secret-ish");
    spy.mockRestore();
  });

  it("takes its timeouts from the environment", () => {
    const env = parseEnv({ DATABASE_URL: "postgres://db/herald", HERALD_DB_STATEMENT_TIMEOUT_MS: "2000", HERALD_DB_CONNECT_TIMEOUT_MS: "750" });
    expect(databaseConfig(env)).toMatchObject({ kind: "postgres", statementTimeoutMs: 2000, connectTimeoutMs: 750 });
    expect(databaseConfig(parseEnv({ DATABASE_URL: "postgres://db/herald" }))).toMatchObject({ statementTimeoutMs: 15_000, connectTimeoutMs: 5_000 });
  });
});
