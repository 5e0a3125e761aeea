"use client";

import { useTranslations } from "next-intl";
import { useRef } from "react";
import { useGetCountsQuery, type InboxTab } from "@/lib/store/inbox-api";

const TABS: { id: InboxTab }[] = [{ id: "all" }, { id: "unread" }, { id: "archived" }];

const styles = {
  // Under a panel header: underlined tabs.
  underline: {
    list: "flex gap-1 border-b border-slate-200 px-3 pt-2 dark:border-slate-800",
    tab: "rounded-t-md border-b-2 px-3 py-1.5 text-sm",
    on: "border-brand-600 font-medium text-slate-900 dark:text-white",
    off: "border-transparent text-slate-500 hover:text-slate-800 dark:text-slate-400",
  },
  // In a toolbar: pills.
  pill: {
    list: "flex gap-1",
    tab: "rounded-md px-3 py-1.5 text-sm",
    on: "bg-brand-50 font-medium text-brand-700 dark:bg-slate-800 dark:text-white",
    off: "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800",
  },
};

/**
 * All / Unread / Archived, as a WAI-ARIA tab list: one tab in the Tab order (roving tabindex),
 * Left/Right/Home/End move between them and select. All and Unread carry the unread count
 * (archived items are always read), as Novu's inbox does.
 */
export function InboxTabs({ value, onChange, variant, panelId }: { value: InboxTab; onChange: (tab: InboxTab) => void; variant: keyof typeof styles; panelId?: string }) {
  const t = useTranslations("InboxTabs");
  const s = styles[variant];
  const { data: counts } = useGetCountsQuery();
  const unread = counts?.unread ?? 0;
  const refs = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (index: number) => (event: React.KeyboardEvent<HTMLButtonElement>) => {
    const last = TABS.length - 1;
    const next =
      event.key === "ArrowRight" ? (index === last ? 0 : index + 1)
      : event.key === "ArrowLeft" ? (index === 0 ? last : index - 1)
      : event.key === "Home" ? 0
      : event.key === "End" ? last
      : null;
    if (next === null) return;
    event.preventDefault();
    refs.current[next]?.focus();
    onChange(TABS[next]!.id);
  };

  return (
    <div role="tablist" aria-label={t("label")} className={s.list}>
      {TABS.map((tab, index) => {
        const selected = value === tab.id;
        const count = tab.id === "archived" ? 0 : unread;
        const label = t(tab.id);
        return (
          <button
            key={tab.id}
            ref={(node) => {
              refs.current[index] = node;
            }}
            role="tab"
            type="button"
            aria-selected={selected}
            aria-controls={panelId}
            tabIndex={selected ? 0 : -1}
            aria-label={count > 0 ? t("withCount", { label, count }) : label}
            onClick={() => onChange(tab.id)}
            onKeyDown={onKeyDown(index)}
            className={`${s.tab} inline-flex items-center gap-1.5 focus-visible:outline-2 focus-visible:outline-brand-500 ${selected ? s.on : s.off}`}
          >
            {label}
            {count > 0 && (
              <span
                aria-hidden="true"
                data-tab-count
                className={`min-w-5 rounded-full px-1.5 text-center text-[11px] font-semibold leading-5 ${
                  selected ? "bg-brand-600 text-white" : "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-100"
                }`}
              >
                {count > 99 ? "99+" : count}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
