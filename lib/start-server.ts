import type { Database } from "@/lib/db/client";
import { EnvError, getEnv, runtimeModes } from "@/lib/env";
import { getDatabase } from "@/lib/db/get-database";
import { logger } from "@/lib/logger";
import { installShutdownHandler } from "@/lib/shutdown/graceful-shutdown";

/**
 * Validates the environment and opens the database (applying pending migrations) before the
 * server takes requests, so a misconfiguration stops start-up loudly instead of failing later.
 * Installs the graceful-shutdown handler; what has work to hand back registers with it.
 */
export async function startServer(): Promise<Database> {
  try {
    getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const database = await getDatabase();
  const env = getEnv();
  installShutdownHandler(env.HERALD_SHUTDOWN_GRACE_MS);
  if (env.HERALD_UNSAFE_LOCAL_SIGN_IN && env.NODE_ENV === "production" && runtimeModes().auth === "local") {
    logger.warn(
      "UNSAFE: HERALD_UNSAFE_LOCAL_SIGN_IN is on in production. Anyone who can reach /sign-in can sign in as any user, admins included. Turn it off unless this is a throwaway test deployment.",
    );
  }
  if (runtimeModes().auth === "email-link" && !env.HERALD_PUBLIC_URL) {
    logger.warn("HERALD_PUBLIC_URL is not set: operators cannot sign in, because sign-in links need the address people reach Herald at.");
  }
  if (env.DATABASE_URL && !env.HERALD_ENCRYPTION_KEY && !env.SESSION_SECRET) {
    // The fallback key is derived from a secret kept in the same database as what it protects.
    logger.warn("HERALD_ENCRYPTION_KEY is not set: webhook secrets are encrypted with a key derived from a secret stored in the database. Set it (32 bytes, base64) in production.");
  }
  return database;
}
