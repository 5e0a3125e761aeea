// The database could not be reached, or went away mid-query: the request is not at fault and a
// retry later can succeed. Driver, Node and PostgreSQL each name this differently, and drizzle
// wraps the driver's error in `cause`, so the whole chain is examined.
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNABORTED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
// SQLSTATE: class 08 (connection exception), admin/crash shutdown, cannot connect now (starting
// or in recovery), too many connections, and statement_timeout's query_canceled.
const SQLSTATE = /^(08...|57P0[1-3]|53300|57014)$/;
const MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /query read timeout/i,
  /not queryable/i,
  /connection (?:is )?(?:closed|ended)/i,
  /terminating connection/i,
  /the database system is (?:starting up|shutting down|in recovery mode)/i,
];

export function isConnectionError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (NODE_CODES.has(code) || SQLSTATE.test(code))) return true;
    if (MESSAGES.some((m) => m.test(e.message))) return true;
    // AggregateError: every address refused (localhost resolving to ::1 and 127.0.0.1).
    if (e instanceof AggregateError && e.errors.some((inner) => isConnectionError(inner))) return true;
  }
  return false;
}
