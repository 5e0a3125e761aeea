"use client";

import { useTranslations } from "next-intl";
import type { InboxItemView } from "@/lib/store/inbox-api";

// The bell's panel is compact; the full page has room to breathe.
const looks = {
  panel: {
    skeletons: 3,
    error: "p-6 text-center text-sm",
    retry: "mt-2 rounded-md bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700",
  },
  page: {
    skeletons: 4,
    error: "p-8 text-center text-sm",
    retry: "font-medium text-brand-700 underline dark:text-brand-100",
  },
};

/** The states an inbox list can be in: loading, failed (with a retry), empty, or its items newest first. */
export function InboxList({ variant, isLoading, isError, onRetry, items, empty, renderItem }: {
  variant: keyof typeof looks;
  isLoading: boolean;
  isError: boolean;
  onRetry: () => void;
  items: InboxItemView[];
  empty: React.ReactNode;
  renderItem: (item: InboxItemView, index: number) => React.ReactNode;
}) {
  const t = useTranslations("InboxList");
  const look = looks[variant];
  if (isLoading) {
    return (
      <ul aria-label={t("loading")} className="space-y-2 p-2">
        {Array.from({ length: look.skeletons }, (_, i) => (
          <li key={i} className="h-14 animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800" />
        ))}
      </ul>
    );
  }
  if (isError) {
    const retry = (
      <button type="button" onClick={onRetry} className={look.retry}>
        {t("retry")}
      </button>
    );
    return variant === "panel" ? (
      <div role="alert" className={look.error}>
        <p className="text-slate-700 dark:text-slate-300">{t("failed")}</p>
        {retry}
      </div>
    ) : (
      <div role="alert" className={look.error}>
        {t("failed")} {retry}
      </div>
    );
  }
  if (items.length === 0) return empty;
  return (
    <ul aria-label={t("list")} className="space-y-0.5">
      {items.map(renderItem)}
    </ul>
  );
}
