"use client";

import { useTranslations } from "next-intl";
import { useGetCountsQuery } from "@/lib/store/inbox-api";

/** "You have N unread notifications", live: the same counts as the badge. */
export function UnreadSummary() {
  const t = useTranslations("Home");
  const { data, isLoading } = useGetCountsQuery();
  if (isLoading || !data) return <span className="inline-block h-5 w-56 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />;
  if (data.unread === 0) return <>{t("caughtUp")}</>;
  return <>{t("unread", { count: data.unread })}</>;
}
