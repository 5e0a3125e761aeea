import { logger } from "@/lib/logger";

type Args = unknown[];
const line = (args: Args) => ({
  message: args.map((a) => (typeof a === "string" ? a : "")).filter(Boolean).join(" ") || "inngest",
  context: Object.assign({}, ...args.filter((a) => a && typeof a === "object")) as Record<string, unknown>,
});

function log(level: "debug" | "info" | "warn" | "error", args: Args) {
  const { message, context } = line(args);
  // A step that asked to be retried later (a delivery on its retry schedule) is working as
  // designed; its timeline says why. An outage must not flood the error log with thousands.
  const scheduled = level === "error" && (context.err as { name?: string } | undefined)?.name === "RetryAfterError";
  logger[scheduled ? "info" : level](message, context);
}

/**
 * The SDK's logs through Herald's structured, redacting logger. `flush` is a no-op on purpose:
 * without it the SDK waits a timer tick after every request "to let logs drain", which costs
 * a millisecond per step for nothing — these logs are written synchronously.
 */
export const inngestLogger = {
  debug: (...args: Args) => log("debug", args),
  info: (...args: Args) => log("info", args),
  warn: (...args: Args) => log("warn", args),
  error: (...args: Args) => log("error", args),
  flush: async () => {},
};
