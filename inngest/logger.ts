import { logger } from "@/lib/logger";

type Args = unknown[];
const line = (args: Args) => ({
  message: args.map((a) => (typeof a === "string" ? a : "")).filter(Boolean).join(" ") || "inngest",
  context: Object.assign({}, ...args.filter((a) => a && typeof a === "object")) as Record<string, unknown>,
});

/**
 * The SDK's logs through Herald's structured, redacting logger. `flush` is a no-op on purpose:
 * without it the SDK waits a timer tick after every request "to let logs drain", which costs
 * a millisecond per step for nothing — these logs are written synchronously.
 */
export const inngestLogger = {
  debug: (...args: Args) => logger.debug(line(args).message, line(args).context),
  info: (...args: Args) => logger.info(line(args).message, line(args).context),
  warn: (...args: Args) => logger.warn(line(args).message, line(args).context),
  error: (...args: Args) => logger.error(line(args).message, line(args).context),
  flush: async () => {},
};
