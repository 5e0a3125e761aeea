const unitMs: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/**
 * Inngest's duration strings ("30s", "1m30s", "2h", "1w2d") or a number of milliseconds.
 * Throws on anything else, so a malformed option surfaces instead of becoming "now".
 */
export function durationToMs(value: string | number): number {
  if (typeof value === "number") return value;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) {
    throw new Error(`Not a duration: "${value}"`);
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * unitMs[unit!]!, 0);
}

/** When a Sleep op wakes: its `name` is a duration, or an ISO date for sleepUntil. */
export function sleepUntil(name: string, now = Date.now()): number {
  if (/^\d{4}-\d{2}-\d{2}T/.test(name)) {
    const at = Date.parse(name);
    if (!Number.isNaN(at)) return at;
  }
  return now + durationToMs(name);
}
