"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { useGetCountsQuery } from "@/lib/store/inbox-api";
import type { BrowserPushConfig } from "@/lib/push/browser-push-config";
import { InboxToasts } from "./inbox-toasts";
import { useRealtimeStatus } from "./live-status";
import { NotificationCenter } from "./notification-center";

/** The bell with the unread badge; it opens the notification center and owns the live feed. */
export function NotificationBell({ pushConfig = null }: { pushConfig?: BrowserPushConfig | null }) {
  const t = useTranslations("Bell");
  const { data: counts } = useGetCountsQuery();
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const unread = counts?.unread ?? 0;
  const live = useRealtimeStatus();

  // New notifications are announced to screen readers as they arrive.
  useEffect(() => {
    const onChange = (event: Event) => {
      const { event: kind, item } = (event as CustomEvent<{ event: string; item: { title: string } }>).detail;
      if (kind === "INSERT") setAnnouncement(t("announce", { title: item.title }));
    };
    window.addEventListener("herald:inbox-change", onChange);
    return () => window.removeEventListener("herald:inbox-change", onChange);
  }, [t]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    // composedPath, not target: inside a shadow root (the embedded bell) the target seen by
    // the document is the host element, for clicks inside the panel too.
    const onClick = (event: MouseEvent) => {
      const path = event.composedPath();
      if (!path.some((node) => node === panel.current || node === button.current)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    panel.current?.querySelector<HTMLElement>("[role=tab][aria-selected=true]")?.focus();
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        aria-label={unread > 0 ? t("labelUnread", { count: unread }) : t("label")}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="relative rounded-full p-2 text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 1.5h-15L6 16.5ZM10 20a2 2 0 0 0 4 0" />
        </svg>
        {(live === "reconnecting" || live === "offline") && (
          <span
            data-testid="live-status-dot"
            data-status={live}
            title={t(live)}
            className={`absolute bottom-1 right-1 size-2 rounded-full ring-2 ring-white dark:ring-slate-900 ${live === "offline" ? "bg-rose-500" : "animate-pulse bg-amber-500 motion-reduce:animate-none"}`}
          />
        )}
        {unread > 0 && (
          <span data-testid="unread-badge" className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-rose-600 px-1 text-center text-[11px] font-semibold leading-5 text-white">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      <div aria-live="polite" className="sr-only">
        {announcement}
      </div>
      <InboxToasts panelOpen={open} onOpen={() => setOpen(true)} />
      {open && (
        <div
          ref={panel}
          id={panelId}
          role="dialog"
          aria-label={t("label")}
          className="fixed inset-x-2 top-16 z-40 overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-xl sm:absolute sm:inset-x-auto sm:right-0 sm:top-12 sm:w-96 dark:border-slate-800 dark:bg-slate-900"
        >
          <NotificationCenter
            pushConfig={pushConfig}
            onClose={() => {
              setOpen(false);
              button.current?.focus();
            }}
          />
        </div>
      )}
    </div>
  );
}
