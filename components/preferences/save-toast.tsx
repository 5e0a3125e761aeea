"use client";

import { Check, CircleAlert, Undo2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";

export type SaveNotice = { id: number; tone: "saved" | "error"; text: string; undo?: () => void };

export const NOTICE_MS = 8_000;

/**
 * The outcome of the last change, with Undo while it lasts. Both live regions are always in
 * the page, so screen readers announce what appears in them; the notice stays while it has focus.
 */
export function SaveToast({ notice, onExpire }: { notice: SaveNotice | null; onExpire: () => void }) {
  const t = useTranslations("SaveToast");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const start = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(onExpire, NOTICE_MS);
  };
  // Ctrl+Z (⌘Z) undoes too, so a keyboard user need not travel to the toast; text fields keep
  // their own undo.
  useEffect(() => {
    const undo = notice?.undo;
    if (!undo) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const editing = target?.closest("input, textarea, select, [contenteditable]") && !target.closest('[role="switch"]');
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === "z" && !editing) {
        event.preventDefault();
        undo();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [notice?.undo]);

  useEffect(() => {
    if (notice) start();
    return () => clearTimeout(timer.current);
    // A new notice (a new id) restarts the countdown.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [notice?.id]);

  const box = "pointer-events-auto flex max-w-[calc(100vw-2rem)] items-center gap-3 rounded-xl border px-4 py-3 text-sm shadow-lg";
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-4 z-40 flex justify-center px-4" onFocus={() => clearTimeout(timer.current)} onBlur={() => notice && start()}>
      <div role="status" aria-live="polite" aria-atomic="true" onMouseEnter={() => clearTimeout(timer.current)} onMouseLeave={() => notice && start()}>
        {notice?.tone === "saved" && (
          <div className={`${box} border-slate-200 bg-white text-slate-800 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100`}>
            <Check aria-hidden className="size-4 shrink-0 text-emerald-600 dark:text-emerald-400" />
            <span>{notice.text}</span>
            {notice.undo && (
              <button
                type="button"
                onClick={notice.undo}
                aria-keyshortcuts="Control+Z Meta+Z"
                title={t("undoTitle")}
                className="inline-flex items-center gap-1 rounded-md px-2 py-1 font-medium text-brand-700 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100 dark:hover:bg-slate-700"
              >
                <Undo2 aria-hidden className="size-4" /> {t("undo")}
              </button>
            )}
          </div>
        )}
      </div>
      <div role="alert">
        {notice?.tone === "error" && (
          <div className={`${box} border-rose-200 bg-rose-50 text-rose-900 dark:border-rose-500/40 dark:bg-rose-950 dark:text-rose-100`}>
            <CircleAlert aria-hidden className="size-4 shrink-0" />
            <span>{notice.text}</span>
          </div>
        )}
      </div>
    </div>
  );
}
