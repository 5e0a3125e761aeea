"use client";

import { X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { Avatar } from "@/components/ui/avatar";
import type { InboxItemView } from "@/lib/store/inbox-api";
import { actorOf } from "./notification-item";
import { useToastSetting } from "./use-toast-setting";

const MAX_TOASTS = 3;

/**
 * Small pop-ups for notifications that arrive live while the panel is closed. Each one opens the
 * panel when clicked and goes away by itself (not while hovered or focused); they slide in
 * unless the user asked for reduced motion, and the user can turn them off in the panel.
 */
export function InboxToasts({ panelOpen, onOpen, durationMs = 6000 }: { panelOpen: boolean; onOpen: () => void; durationMs?: number }) {
  const t = useTranslations("Toasts");
  const [enabled] = useToastSetting();
  const [toasts, setToasts] = useState<InboxItemView[]>([]);
  const quiet = panelOpen || !enabled;
  const suppressed = useRef(quiet);
  useEffect(() => {
    suppressed.current = quiet;
  }, [quiet]);
  // Opening the panel shows everything the toasts were about (state adjusted while rendering).
  const [wasQuiet, setWasQuiet] = useState(quiet);
  if (quiet !== wasQuiet) {
    setWasQuiet(quiet);
    if (quiet) setToasts([]);
  }

  useEffect(() => {
    const onChange = (event: Event) => {
      const { event: kind, item } = (event as CustomEvent<{ event: string; item: InboxItemView }>).detail;
      if (kind !== "INSERT" || suppressed.current || item.readAt || item.archivedAt) return;
      setToasts((shown) => [item, ...shown.filter((t) => t.id !== item.id)].slice(0, MAX_TOASTS));
    };
    window.addEventListener("herald:inbox-change", onChange);
    return () => window.removeEventListener("herald:inbox-change", onChange);
  }, []);

  // Rendered at the top of the document (or of the embedded bell's shadow root): inside the
  // header, whose backdrop blur makes it the box that `fixed` is relative to, they would sit at its bottom.
  const [host, setHost] = useState<Element | DocumentFragment | null>(null);
  const anchor = (node: HTMLSpanElement | null) => {
    if (!node) return;
    const root = node.getRootNode();
    setHost(root instanceof ShadowRoot ? root : document.body);
  };

  const dismiss = (id: string) => setToasts((shown) => shown.filter((t) => t.id !== id));
  const stack = (
    <div role="status" aria-label={t("region")} className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-[min(22rem,calc(100vw-2rem))] flex-col gap-2">
      {toasts.map((item) => (
        <Toast
          key={item.id}
          item={item}
          durationMs={durationMs}
          onDismiss={() => dismiss(item.id)}
          onOpen={() => {
            setToasts([]);
            onOpen();
          }}
        />
      ))}
    </div>
  );
  return (
    <>
      <span ref={anchor} hidden />
      {host && createPortal(stack, host)}
    </>
  );
}

function Toast({ item, durationMs, onDismiss, onOpen }: { item: InboxItemView; durationMs: number; onDismiss: () => void; onOpen: () => void }) {
  const t = useTranslations("Toasts");
  const node = useRef<HTMLDivElement>(null);
  const [held, setHeld] = useState(false);
  const actor = actorOf(item);

  useEffect(() => {
    if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) return;
    node.current?.animate?.([{ opacity: 0, transform: "translateY(0.5rem)" }, { opacity: 1, transform: "none" }], { duration: 180, easing: "ease-out" });
  }, []);
  // The latest callback, so a re-render of the stack does not restart this toast's clock.
  const dismiss = useRef(onDismiss);
  useEffect(() => {
    dismiss.current = onDismiss;
  });
  useEffect(() => {
    if (held) return;
    const timer = window.setTimeout(() => dismiss.current(), durationMs);
    return () => window.clearTimeout(timer);
  }, [held, durationMs]);

  return (
    <div
      ref={node}
      data-toast
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
      className="pointer-events-auto flex items-start gap-2 rounded-xl border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900"
    >
      <button type="button" onClick={onOpen} className="flex min-w-0 flex-1 items-start gap-3 rounded-lg p-1.5 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-slate-800">
        {actor ? <Avatar name={actor.name} src={actor.avatarUrl} /> : <span aria-hidden="true" className="mt-1.5 size-2.5 shrink-0 rounded-full bg-brand-600 dark:bg-brand-500" />}
        <span className="min-w-0">
          <span className="block text-xs text-slate-500 dark:text-slate-400">{t("new")}</span>
          <span className="block truncate text-sm font-semibold text-slate-900 dark:text-white">{item.title}</span>
          {item.body && <span className="block truncate text-xs text-slate-600 dark:text-slate-300">{item.body}</span>}
        </span>
      </button>
      <button type="button" onClick={onDismiss} aria-label={t("dismiss", { title: item.title })} className="rounded-md p-1 text-slate-500 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-slate-400 dark:hover:bg-slate-800">
        <X aria-hidden="true" className="size-4" />
      </button>
    </div>
  );
}
