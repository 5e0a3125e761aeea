/** Milliseconds as a short duration: 850 ms, 2.4 s, 3.1 min, 1.5 h. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** A timestamp in the viewer's zone, to the second (to the millisecond when asked, for timelines). */
export function formatTimestamp(value: string | Date | null | undefined, withMs = false): string {
  if (!value) return "—";
  return new Date(value).toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    ...(withMs ? { fractionalSecondDigits: 3 as const } : {}),
  });
}

export const channelLabels: Record<string, string> = { in_app: "In-app", email: "Email", sms: "SMS", push: "Push", webhook: "Webhook" };
