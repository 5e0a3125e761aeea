"use client";

import Link from "next/link";
import { CheckCheck, Settings } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { inboxSelectors, useGetInboxQuery, useMarkAllReadMutation, useUpdateItemMutation, type InboxTab } from "@/lib/store/inbox-api";
import type { BrowserPushConfig } from "@/lib/push/browser-push-config";
import { BrowserPushOffer } from "./browser-push-offer";
import { useInApp } from "./inbox-link";
import { InboxList } from "./inbox-list";
import { InboxTabs } from "./inbox-tabs";
import { LiveStatus } from "./live-status";
import { NotificationItem } from "./notification-item";
import { useToastSetting } from "./use-toast-setting";

/** The inbox panel: tabs, a newest-first list paged by cursor, actions, and every state a list can be in. */
export function NotificationCenter({ onClose, pushConfig = null }: { onClose?: () => void; pushConfig?: BrowserPushConfig | null }) {
  const [tab, setTab] = useState<InboxTab>("all");
  const [after, setAfter] = useState<string | null>(null);
  const { data, isLoading, isError, isFetching, refetch } = useGetInboxQuery({ tab, after });
  const [updateItem] = useUpdateItemMutation();
  const [markAllRead] = useMarkAllReadMutation();
  const items = data ? inboxSelectors.selectAll(data.items) : [];
  const itemRefs = useRef<(HTMLElement | null)[]>([]);
  const sentinel = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const t = useTranslations("Center");
  // Embedded in a host app's page there is no router, and "/inbox" would be the host's.
  const inApp = useInApp();

  // Infinite scroll: the next page loads when the end of the list comes into view.
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !data?.hasMore) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetching) setAfter(data.after);
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [data?.hasMore, data?.after, isFetching]);

  const moveFocus = (index: number) => (event: React.KeyboardEvent<HTMLElement>) => {
    const next = event.key === "ArrowDown" ? index + 1 : event.key === "ArrowUp" ? index - 1 : event.key === "Home" ? 0 : event.key === "End" ? items.length - 1 : null;
    if (next === null) return;
    event.preventDefault();
    itemRefs.current[Math.max(0, Math.min(items.length - 1, next))]?.focus();
  };

  return (
    <div className="flex max-h-[min(36rem,80dvh)] w-full flex-col">
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-3 dark:border-slate-800">
        <div className="flex items-center gap-3">
          <h2 className="text-sm font-semibold">{t("heading")}</h2>
          <LiveStatus />
        </div>
        <div className="flex items-center gap-1">
          {/* An icon with its name as the label and tooltip: the words do not fit beside the heading in every language. */}
          <button
            type="button"
            onClick={() => void markAllRead()}
            aria-label={t("markAllRead")}
            title={t("markAllRead")}
            className="rounded-md p-1.5 text-brand-700 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100 dark:hover:bg-slate-800"
          >
            <CheckCheck aria-hidden="true" className="size-4" />
          </button>
          {onClose && (
            <button type="button" onClick={onClose} aria-label={t("close")} className="rounded-md px-2 py-1 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800">
              ✕
            </button>
          )}
        </div>
      </div>
      <BrowserPushOffer config={pushConfig} variant="prompt" />
      <InboxTabs
        variant="underline"
        panelId={panelId}
        value={tab}
        onChange={(next) => {
          setTab(next);
          setAfter(null);
        }}
      />
      {/* Following an item's link leaves the panel behind: it closes, as the page changes under it. */}
      <div
        id={panelId}
        role="tabpanel"
        aria-label={t("panel", { tab })}
        aria-busy={isLoading}
        onClickCapture={(event) => {
          // After the click: closing moves focus to the bell, which would unmount the link
          // before the router has taken its click (and the browser would load the page instead).
          if (onClose && (event.target as Element).closest("a[href]")) window.setTimeout(onClose);
        }}
        className="min-h-40 flex-1 overflow-y-auto p-2"
      >
        <InboxList
          variant="panel"
          isLoading={isLoading}
          isError={isError}
          onRetry={() => void refetch()}
          items={items}
          empty={
            <div className="p-8 text-center">
              <p className="text-sm font-medium">{t(tab === "unread" ? "emptyUnread" : tab === "archived" ? "emptyArchived" : "emptyAll")}</p>
              <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{t("emptyHint")}</p>
            </div>
          }
          renderItem={(item, index) => (
            <NotificationItem
              key={item.id}
              ref={(node) => {
                itemRefs.current[index] = node;
              }}
              item={item}
              onKeyDown={moveFocus(index)}
              onChange={(target, patch) => void updateItem({ item: target, patch })}
            />
          )}
        />
        {data?.hasMore && (
          <div ref={sentinel} className="p-3 text-center text-xs text-slate-500">
            {isFetching ? t("loadingMore") : <button type="button" onClick={() => setAfter(data.after)}>{t("loadMore")}</button>}
          </div>
        )}
      </div>
      <PanelFooter links={inApp} onNavigate={onClose && (() => window.setTimeout(onClose))} />
    </div>
  );
}

const footerLink =
  "inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-brand-700 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100 dark:hover:bg-slate-800";

/** The way to the full inbox and the preferences, and this browser's pop-up switch. */
function PanelFooter({ links, onNavigate }: { links: boolean; onNavigate?: () => void }) {
  const [toasts, setToasts] = useToastSetting();
  const t = useTranslations("Center");
  const switchId = useId();
  return (
    <div className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 px-3 py-2 dark:border-slate-800">
      <label htmlFor={switchId} className="flex cursor-pointer items-center gap-2 text-xs text-slate-600 dark:text-slate-300">
        <button
          id={switchId}
          type="button"
          role="switch"
          aria-checked={toasts}
          onClick={() => setToasts(!toasts)}
          className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors motion-reduce:transition-none focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 ${
            toasts ? "bg-brand-600" : "bg-slate-300 dark:bg-slate-600"
          }`}
        >
          <span aria-hidden="true" className={`inline-block size-4 rounded-full bg-white shadow transition-transform motion-reduce:transition-none ${toasts ? "translate-x-4" : "translate-x-0.5"}`} />
        </button>
        {t("popups")}
      </label>
      {links && (
        <div className="flex items-center gap-1">
          <Link href="/preferences" onClick={onNavigate} className={footerLink}>
            <Settings aria-hidden="true" className="size-3.5" />
            {t("preferences")}
          </Link>
          <Link href="/inbox" onClick={onNavigate} className={footerLink}>
            {t("viewAll")}
          </Link>
        </div>
      )}
    </div>
  );
}
