import { RetryAfterError } from "inngest";
import { ProviderError } from "@/lib/channels/provider-error";

/** Runs a delivery; a provider that named a time to come back (429 Retry-After) is retried no sooner. */
export async function honourRetryAfter<T>(deliver: () => Promise<T>): Promise<T> {
  try {
    return await deliver();
  } catch (error) {
    if (error instanceof ProviderError && error.retryAfterMs) throw new RetryAfterError(error.message, error.retryAfterMs, { cause: error });
    throw error;
  }
}
