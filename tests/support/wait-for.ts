/** Polls `check` until it answers something truthy, and answers that; throws once `timeoutMs` has passed. */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, { timeoutMs = 10_000, intervalMs = 25, what = "condition" } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
