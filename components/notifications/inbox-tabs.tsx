"use client";

import type { InboxTab } from "@/lib/store/inbox-api";

const TABS: { id: InboxTab; label: string }[] = [
  { id: "all", label: "All" },
  { id: "unread", label: "Unread" },
  { id: "archived", label: "Archived" },
];

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

/** All / Unread / Archived, as an ARIA tab list. */
export function InboxTabs({ value, onChange, variant }: { value: InboxTab; onChange: (tab: InboxTab) => void; variant: keyof typeof styles }) {
  const s = styles[variant];
  return (
    <div role="tablist" aria-label="Filter notifications" className={s.list}>
      {TABS.map((t) => (
        <button
          key={t.id}
          role="tab"
          type="button"
          aria-selected={value === t.id}
          onClick={() => onChange(t.id)}
          className={`${s.tab} focus-visible:outline-2 focus-visible:outline-brand-500 ${value === t.id ? s.on : s.off}`}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
