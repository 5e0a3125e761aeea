import { HeraldApiError } from "@/lib/api/errors";
import { getChannelProviders } from "../get-channel-providers";
import { BlockedAddressError, checkUrlTarget } from "./safe-http-request";

/**
 * Refuses an endpoint URL that deliveries could never reach, when it is created or changed: a
 * refused address (private, loopback, metadata… unless WEBHOOK_ALLOWED_HOSTS allows it on that
 * port) or a name that does not resolve is a 422 on `url`, instead of a dead endpoint that fails
 * every delivery later.
 */
export async function assertWebhookUrlAllowed(url: string): Promise<void> {
  try {
    await checkUrlTarget(url, getChannelProviders().webhooks.allow);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const host = new URL(url).hostname;
    const problem =
      error instanceof BlockedAddressError ? error.message : code === "ENOTFOUND" || code === "ENODATA" ? `${host} does not resolve to any address` : null;
    if (problem) throw new HeraldApiError("unprocessable_entity", `url: ${problem}`, [{ path: "url", message: problem }]);
    // The resolver did not answer: nothing is wrong with the request, so it may be sent again.
    throw new HeraldApiError("service_unavailable", `Could not look up ${host} just now (${code ?? "error"}); try again.`);
  }
}
