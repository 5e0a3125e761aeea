import { randomBytes } from "node:crypto";
import { Inngest } from "inngest";
import { getEnv, runtimeModes } from "@/lib/env";
import { embeddedFetch, EMBEDDED_BASE_URL } from "./executor/embedded-fetch";
import { inngestLogger } from "./logger";

const env = getEnv();
const mode = runtimeModes(env).durable;

/**
 * In embedded mode the SDK still runs in cloud mode, with a signing key that exists only in
 * this process: the in-process executor signs its calls with it, so `/api/inngest` refuses
 * anyone else — the endpoint never runs unauthenticated. Events go to the executor through
 * `fetch`, not over the network.
 */
export const embeddedSigningKey = `signkey-embedded-${randomBytes(32).toString("hex")}`;

export const inngest = new Inngest({
  id: "herald",
  logger: inngestLogger,
  ...(mode === "embedded"
    ? {
        isDev: false,
        signingKey: embeddedSigningKey,
        eventKey: "embedded",
        baseUrl: EMBEDDED_BASE_URL,
        // Event sends and step checkpoints (POST /v1/checkpoint/…) reach the executor in-process.
        // Whether calls checkpoint is the executor's choice (HERALD_CHECKPOINTING).
        fetch: embeddedFetch,
      }
    : mode === "inngest-dev"
      ? { isDev: true, ...(typeof env.INNGEST_DEV === "string" ? { baseUrl: env.INNGEST_DEV } : {}) }
      : {
          // Inngest Cloud, or self-hosted Inngest: the SDK reads INNGEST_BASE_URL,
          // INNGEST_API_BASE_URL and INNGEST_EVENT_API_BASE_URL itself (validated in lib/env),
          // so the API's and the event API's own URLs keep precedence over the common one.
          isDev: false,
          signingKey: env.INNGEST_SIGNING_KEY,
          signingKeyFallback: env.INNGEST_SIGNING_KEY_FALLBACK,
          eventKey: env.INNGEST_EVENT_KEY,
        }),
});
