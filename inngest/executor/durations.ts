import { parseDuration } from "@/lib/parse-duration";

/**
 * Inngest's duration strings ("30s", "1m30s", "2h", "1w2d") or a number of milliseconds.
 * Throws on anything else, so a malformed option surfaces instead of becoming "now".
 */
export function durationToMs(value: string | number): number {
  return typeof value === "number" ? value : parseDuration(value);
}

/** When a Sleep op wakes: its `name` is a duration, or an ISO date for sleepUntil. */
export function sleepUntil(name: string, now = Date.now()): number {
  if (/^\d{4}-\d{2}-\d{2}T/.test(name)) {
    const at = Date.parse(name);
    if (!Number.isNaN(at)) return at;
  }
  return now + durationToMs(name);
}
