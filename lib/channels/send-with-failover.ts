import type { Db } from "@/lib/db/client";
import type { ChannelProvider, OutboundMessage, SendResult } from "./channel-provider";
import { checkCircuit, recordProviderFailure, recordProviderSuccess, type BreakerSettings } from "./circuit-breaker";
import { logger } from "@/lib/logger";
import { ProviderError } from "./provider-error";

export type FailedAttempt = { provider: string; error: ProviderError };

export type FailoverOutcome =
  | { ok: true; provider: string; result: SendResult; failures: FailedAttempt[] }
  /** `waitUntil`: no provider was asked (every circuit is open) — nothing was attempted until then. */
  | { ok: false; error: ProviderError; failures: FailedAttempt[]; waitUntil?: Date };

/** A provider that was interrupted mid-send: only it may be tried again, with the same key. */
export type PinnedProvider = { provider: string; since: Date };

/** Circuit bookkeeping never decides a send: if it cannot be written, the message still goes. */
async function bestEffort(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    logger.warn("Circuit breaker state could not be written", { error: error instanceof Error ? error.message : String(error) });
  }
}

function asProviderError(provider: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(provider, "retryable", "provider_exception", message);
}

/**
 * Tries a channel's providers in order. A provider whose circuit is open is skipped at once; a
 * retryable failure counts against its circuit and moves on to the next; a permanent failure
 * stops (the address is bad everywhere); an ambiguous one stops too, because another provider
 * could deliver a second copy — the next attempt retries the same provider (`pinned`). When
 * every provider was skipped for its circuit, the outcome says when the first one may be probed.
 */
export async function sendWithFailover(
  db: Db,
  providers: readonly ChannelProvider[],
  message: OutboundMessage,
  breaker: BreakerSettings,
  pinned?: PinnedProvider,
  hooks: {
    /** Right before a provider without idempotency keys is asked to send. */
    beforeSend?: (provider: ChannelProvider) => Promise<void>;
    /** As each provider fails, so the timeline reads in the order things happened. */
    onFailure?: (failure: FailedAttempt) => Promise<void>;
  } = {},
): Promise<FailoverOutcome> {
  const failures: FailedAttempt[] = [];
  const fail = async (failure: FailedAttempt) => {
    failures.push(failure);
    await hooks.onFailure?.(failure);
  };
  const pinnedProvider = pinned && providers.find((p) => p.name === pinned.provider);
  const candidates = pinnedProvider ? [pinnedProvider] : providers;

  if (pinnedProvider?.reconcile) {
    // A lookup that fails must not turn into a second message: retry later instead.
    let found;
    try {
      found = await pinnedProvider.reconcile(message, pinned!.since);
    } catch (thrown) {
      const error = asProviderError(pinnedProvider.name, thrown);
      const retry = new ProviderError(pinnedProvider.name, "ambiguous", error.code, `Could not check for the earlier message: ${error.message}`, { retryAfterMs: error.retryAfterMs });
      await fail({ provider: pinnedProvider.name, error: retry });
      return { ok: false, error: retry, failures };
    }
    if (found) return { ok: true, provider: pinnedProvider.name, result: found, failures };
  }

  for (const provider of candidates) {
    // A pinned retry must not be refused by the circuit: skipping it would strand the message.
    const decision = pinnedProvider ? { state: "closed" as const } : await checkCircuit(db, provider.name, breaker);
    if (decision.state === "open") {
      await fail({
        provider: provider.name,
        error: new ProviderError(provider.name, "retryable", "circuit_open", `${provider.name} is failing; skipped until it recovers`, {
          retryAfterMs: Math.max(0, decision.probeAt.getTime() - Date.now()),
        }),
      });
      continue;
    }
    try {
      if (!provider.idempotent) await hooks.beforeSend?.(provider);
      const result = await provider.send(message);
      await bestEffort(() => recordProviderSuccess(db, provider.name));
      return { ok: true, provider: provider.name, result, failures };
    } catch (thrown) {
      const error = asProviderError(provider.name, thrown);
      await fail({ provider: provider.name, error });
      if (error.kind === "permanent") {
        // The provider answered (about a bad address): it is healthy, and a probe has its answer.
        await bestEffort(() => recordProviderSuccess(db, provider.name));
        return { ok: false, error, failures };
      }
      if (!error.recipientScoped) await bestEffort(() => recordProviderFailure(db, provider.name, `${error.code}: ${error.message}`, breaker));
      if (error.kind === "ambiguous") return { ok: false, error, failures };
    }
  }

  const last = failures.at(-1);
  const waits = failures.map((f) => f.error.retryAfterMs).filter((ms): ms is number => typeof ms === "number");
  const summary = failures.map((f) => `${f.provider}: ${f.error.code}`).join("; ");
  const untouched = failures.length > 0 && failures.every((f) => f.error.code === "circuit_open");
  return {
    ok: false,
    failures,
    ...(untouched ? { waitUntil: new Date(Date.now() + Math.min(...waits)) } : {}),
    error: new ProviderError(last?.provider ?? "none", "retryable", last?.error.code ?? "no_provider", `Every provider failed (${summary || "none configured"})`, {
      status: last?.error.status,
      retryAfterMs: waits.length === failures.length && waits.length > 0 ? Math.min(...waits) : undefined,
      // What the providers said about the recipient still holds (dead push tokens).
      effects: failures.flatMap((f) => f.error.effects),
    }),
  };
}
