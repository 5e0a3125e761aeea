const unitMs: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/**
 * Inngest's duration strings ("30s", "1m30s", "2h", "1w2d", "250ms") or a bare number of
 * milliseconds. Throws on anything else, so a malformed setting surfaces instead of becoming "now".
 */
export function parseDuration(value: string): number {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) {
    throw new Error(`Not a duration: "${value}"`);
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * unitMs[unit!]!, 0);
}

/** The largest whole units of a duration, for messages: "5d", "2h 30m", "350ms". */
export function describeDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const units: [string, number][] = [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1000]];
  const parts: string[] = [];
  let rest = Math.round(ms / 1000) * 1000;
  for (const [name, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${name}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}
