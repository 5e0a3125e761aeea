import { z } from "zod";
import { isConnectionError } from "@/lib/db/is-connection-error";
import { logger } from "@/lib/logger";

// One error model for every route handler and server action: a code maps to a status, and the
// body always names what went wrong, so a client can act on it without reading logs.
const statusByCode = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable_entity: 422,
  rate_limit_exceeded: 429,
  internal_server_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof statusByCode;
export const errorCodes = Object.keys(statusByCode) as ErrorCode[];

export type ErrorBody = {
  error: { code: ErrorCode; message: string; issues?: { path: string; message: string }[] };
};

export class HeraldApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
    /** Response headers the answer carries, e.g. Retry-After on a 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "HeraldApiError";
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

/** "to[0].email" style paths, so the message names the exact field. */
function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    "",
  );
}

export function fromZodError(error: z.ZodError): HeraldApiError {
  const issues = error.issues.map((issue) => ({ path: formatPath(issue.path) || "(body)", message: issue.message }));
  const first = issues[0];
  const message = first ? `${first.path}: ${first.message}` : "Invalid input";
  return new HeraldApiError("unprocessable_entity", message, issues);
}

export function toHeraldApiError(error: unknown): HeraldApiError {
  if (error instanceof HeraldApiError) return error;
  if (error instanceof z.ZodError) return fromZodError(error);
  // The client hung up while we read its body: nobody is left to answer, nothing to log loudly.
  if (error instanceof Error && (error.name === "AbortError" || error.message === "aborted")) {
    logger.debug("request aborted by the client");
    return new HeraldApiError("bad_request", "The request was aborted before its body arrived.");
  }
  // The database is unreachable or went away mid-request: not the client's fault, and worth a
  // retry shortly. One line with the error's kind only — a driver's message can quote its DSN.
  if (isConnectionError(error)) {
    logger.warn("database unavailable; answered 503", { kind: connectionErrorKind(error) });
    return new HeraldApiError("service_unavailable", "The database is unavailable right now; retry shortly.", undefined, {
      "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS),
    });
  }
  logger.error("unhandled error", { error });
  return new HeraldApiError("internal_server_error", "Something went wrong on our side; it has been logged.");
}

// Long enough for a cut connection to be replaced or a failover to finish, short enough to matter.
const DATABASE_RETRY_AFTER_SECONDS = 5;

// A code (ECONNREFUSED, 57P01) or, without one, the driver's own message — never drizzle's
// wrapper, whose message quotes the query and its parameters.
function connectionErrorKind(error: unknown): string {
  let kind = "unknown";
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    kind = e.message.slice(0, 100);
  }
  return kind;
}

export function errorBody(error: HeraldApiError): ErrorBody {
  return {
    error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) },
  };
}

export function handleAndReturnErrorResponse(error: unknown, headers?: HeadersInit): Response {
  const apiError = toHeraldApiError(error);
  const merged = new Headers(headers);
  for (const [name, value] of Object.entries(apiError.headers ?? {})) merged.set(name, value);
  return Response.json(errorBody(apiError), { status: apiError.status, headers: merged });
}
