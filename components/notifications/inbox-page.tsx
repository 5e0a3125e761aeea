"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { inboxSelectors, useGetInboxQuery, useMarkAllReadMutation, useUpdateItemMutation, type InboxTab } from "@/lib/store/inbox-api";
import { InboxList } from "./inbox-list";
import { InboxTabs } from "./inbox-tabs";
import { NotificationItem } from "./notification-item";

/** The full-page inbox: tabs, a type filter, selection with bulk actions, and paging by cursor. */
export function InboxPage({ types }: { types: { key: string; name: string }[] }) {
  const t = useTranslations("InboxPage");
  const [tab, setTab] = useState<InboxTab>("all");
  const [type, setType] = useState<string>("");
  const [after, setAfter] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const { data, isLoading, isError, isFetching, refetch } = useGetInboxQuery({ tab, type: type || null, after });
  const [updateItem] = useUpdateItemMutation();
  const [markAllRead] = useMarkAllReadMutation();
  const items = data ? inboxSelectors.selectAll(data.items) : [];
  const chosen = items.filter((i) => selected.has(i.id));

  const reset = () => {
    setAfter(null);
    setSelected(new Set());
  };
  const bulk = (patch: { read?: boolean; archived?: boolean }) => {
    for (const item of chosen) void updateItem({ item, patch });
    setSelected(new Set());
  };
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  return (
    <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-4 py-3 dark:border-slate-800">
        <InboxTabs
          variant="pill"
          value={tab}
          onChange={(next) => {
            setTab(next);
            reset();
          }}
        />
        <label className="flex items-center gap-2 text-sm">
          <span className="text-slate-500 dark:text-slate-400">{t("type")}</span>
          <select
            value={type}
            onChange={(e) => {
              setType(e.target.value);
              reset();
            }}
            className="rounded-lg border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-950"
          >
            <option value="">{t("allTypes")}</option>
            {types.map((option) => (
              <option key={option.key} value={option.key}>
                {option.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-4 py-2 text-sm dark:border-slate-800">
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            className="size-4 accent-brand-600"
            checked={items.length > 0 && chosen.length === items.length}
            onChange={(e) => setSelected(e.target.checked ? new Set(items.map((i) => i.id)) : new Set())}
          />
          {t("selectAll")}
        </label>
        <span className="text-slate-400" aria-live="polite">{chosen.length > 0 ? t("selected", { count: chosen.length }) : ""}</span>
        <div className="ml-auto flex gap-2">
          <button type="button" aria-label={t("markSelectedRead")} disabled={chosen.length === 0} onClick={() => bulk({ read: true })} className="rounded-md px-2.5 py-1 hover:bg-slate-100 disabled:opacity-40 dark:hover:bg-slate-800">
            {t("markRead")}
          </button>
          <button type="button" aria-label={tab === "archived" ? t("unarchiveSelected") : t("archiveSelected")} disabled={chosen.length === 0} onClick={() => bulk({ archived: tab !== "archived" })} className="rounded-md px-2.5 py-1 hover:bg-slate-100 disabled:opacity-40 dark:hover:bg-slate-800">
            {tab === "archived" ? t("unarchive") : t("archive")}
          </button>
          <button type="button" onClick={() => void markAllRead()} className="rounded-md px-2.5 py-1 font-medium text-brand-700 hover:bg-brand-50 dark:text-brand-100 dark:hover:bg-slate-800">
            {t("markAllRead")}
          </button>
        </div>
      </div>
      <div className="p-2" aria-busy={isLoading}>
        <InboxList
          variant="page"
          isLoading={isLoading}
          isError={isError}
          onRetry={() => void refetch()}
          items={items}
          empty={<p className="p-10 text-center text-sm text-slate-500 dark:text-slate-400">{type ? t("emptyForType") : t("empty")}</p>}
          renderItem={(item) => (
            <NotificationItem
              key={item.id}
              item={item}
              selection={{ checked: selected.has(item.id), onToggle: () => toggle(item.id) }}
              onChange={(target, patch) => void updateItem({ item: target, patch })}
            />
          )}
        />
        {data?.hasMore && (
          <div className="p-3 text-center">
            <button type="button" disabled={isFetching} onClick={() => setAfter(data.after)} className="rounded-md px-3 py-1.5 text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
              {isFetching ? t("loading") : t("loadMore")}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
