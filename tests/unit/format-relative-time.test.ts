import { describe, expect, it } from "vitest";
import { formatRelativeTime } from "@/lib/format-relative-time";

const now = new Date("2026-11-21T12:00:00Z");
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe("relative time", () => {
  it.each([
    [10, "just now"],
    [5 * 60, "5 minutes ago"],
    [3600, "1 hour ago"],
    [24 * 3600, "yesterday"],
    [3 * 24 * 3600, "3 days ago"],
    [14 * 24 * 3600, "2 weeks ago"],
  ])("%i seconds ago reads %s", (seconds, expected) => {
    expect(formatRelativeTime(ago(seconds), now)).toBe(expected);
  });
});

describe("relative time in the page's language", () => {
  it.each([
    [10, "gerade eben"],
    [5 * 60, "vor 5 Minuten"],
    [24 * 3600, "gestern"],
  ])("%i seconds ago reads %s in German", (seconds, expected) => {
    expect(formatRelativeTime(ago(seconds), now, "de", "gerade eben")).toBe(expected);
  });
});
