"use client";

import { useFormatter, useLocale, useNow, useTranslations } from "next-intl";
import { formatRelativeTime } from "@/lib/format-relative-time";

/**
 * "5 minutes ago" in the page's language, kept current while the page stays open (it re-reads
 * the clock every 30 s); the full date and time are in its title.
 */
export function RelativeTime({ date, className }: { date: string; className?: string }) {
  const now = useNow({ updateInterval: 30_000 });
  const locale = useLocale();
  const format = useFormatter();
  const t = useTranslations("Item");
  const at = new Date(date);
  return (
    // The server's clock and the browser's differ by the page's travel time.
    <time dateTime={date} title={format.dateTime(at, { dateStyle: "medium", timeStyle: "short" })} className={className} suppressHydrationWarning>
      {formatRelativeTime(at, now, locale, t("justNow"))}
    </time>
  );
}
