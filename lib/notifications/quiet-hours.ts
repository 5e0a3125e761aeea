// Quiet hours are a wall-clock window ("22:00"–"07:00") in the recipient's IANA time zone. The
// window may wrap midnight; DST is handled by converting through the zone's real offset.

export type QuietHours = { enabled: boolean; start: string; end: string; timezone: string };

/** Quiet hours as stored (times as "HH:MM:SS") to the planner's shape; null when there are none. */
export function toQuietHours(row: { enabled: boolean; startTime: string; endTime: string; timezone: string } | undefined): QuietHours | null {
  return row ? { enabled: row.enabled, start: row.startTime.slice(0, 5), end: row.endTime.slice(0, 5), timezone: row.timezone } : null;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Wall-clock parts of an instant in a time zone. */
function zoned(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

/** The UTC instant at which the zone's clock shows the given wall time. */
function fromZoned(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const z = zoned(new Date(guess), timeZone);
    const shown = Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second);
    const next = guess + (wall - shown);
    if (next === guess) break;
    guess = next;
  }
  return new Date(guess);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * When quiet hours end, if `now` falls inside them; null otherwise (or when they are off,
 * empty, or their zone is unknown).
 */
export function quietHoursEnd(quiet: QuietHours | null | undefined, now: Date): Date | null {
  if (!quiet?.enabled || !isValidTimeZone(quiet.timezone)) return null;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const local = zoned(now, quiet.timezone);
  const current = local.hour * 60 + local.minute;
  const wraps = start > end;
  const inside = wraps ? current >= start || current < end : current >= start && current < end;
  if (!inside) return null;
  // The end is later today, unless the window wrapped past midnight and we are before it.
  const endsTomorrow = wraps && current >= start;
  const base = new Date(Date.UTC(local.year, local.month - 1, local.day + (endsTomorrow ? 1 : 0)));
  const at = fromZoned(base.getUTCFullYear(), base.getUTCMonth() + 1, base.getUTCDate(), end, quiet.timezone);
  return at > now ? at : new Date(now.getTime() + 60_000);
}
