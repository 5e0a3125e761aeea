// Inngest's own retry schedule (pkg/backoff TableBackoff): a fixed table topping out at two
// hours, plus up to 30 s of jitter so a burst of failures does not retry in lockstep.
const table = [15, 30, 60, 120, 300, 600, 1200, 2400, 3600, 7200].map((s) => s * 1000);

/**
 * Delay before retry number `attempt` (0 = first retry). `scale` shrinks the schedule, e.g.
 * for tests; Retry-After, when the function gave one, wins.
 */
export function retryDelayMs(attempt: number, options: { scale?: number; retryAfterMs?: number; random?: () => number } = {}): number {
  if (options.retryAfterMs !== undefined && options.retryAfterMs >= 0) return options.retryAfterMs;
  const base = table[Math.min(Math.max(attempt, 0), table.length - 1)]!;
  const jitter = (options.random ?? Math.random)() * 30_000;
  return Math.round((base + jitter) * (options.scale ?? 1));
}

/**
 * Delay before retrying work that failed on the executor's side (the database went away):
 * doubling from a quarter second up to 30 s (or `capMs`), with jitter, for as long as it takes.
 */
export function executorRetryDelayMs(failures: number, options: { scale?: number; capMs?: number; random?: () => number } = {}): number {
  const base = Math.min(250 * 2 ** Math.min(Math.max(failures, 0), 16), options.capMs ?? 30_000);
  const jitter = 1 + (options.random ?? Math.random)() * 0.25;
  return Math.max(10, Math.round(base * jitter * (options.scale ?? 1)));
}
