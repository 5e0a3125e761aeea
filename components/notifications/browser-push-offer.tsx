"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import type { BrowserPushConfig } from "@/lib/push/browser-push-config";
import { browserPushState, disableBrowserPush, enableBrowserPush, type BrowserPushState } from "@/lib/push/browser-push-client";

/**
 * Offers browser notifications when Firebase is configured: a compact prompt in the panel, a
 * switch on the preferences page. Nothing renders when push is not configured or not possible.
 */
export function BrowserPushOffer({ config, variant }: { config: BrowserPushConfig | null; variant: "prompt" | "switch" }) {
  const t = useTranslations("BrowserPush");
  const [state, setState] = useState<BrowserPushState | "checking">("checking");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!config) return;
    let alive = true;
    void browserPushState().then((s) => alive && setState(s), () => alive && setState("unsupported"));
    return () => {
      alive = false;
    };
  }, [config]);

  if (!config || state === "checking" || state === "unsupported") return null;
  if (variant === "prompt" && state !== "disabled") return null;

  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      setState(state === "enabled" ? await disableBrowserPush(config) : await enableBrowserPush(config));
    } catch (e) {
      setError(e instanceof Error ? e.message : t("changeFailed"));
    } finally {
      setBusy(false);
    }
  };

  if (variant === "prompt") {
    return (
      <div className="border-b border-slate-200 bg-brand-50 px-4 py-2 text-xs dark:border-slate-800 dark:bg-brand-700/20">
        <div className="flex items-center justify-between gap-3">
          <span>{t("offer")}</span>
          <button type="button" disabled={busy} onClick={() => void toggle()} className="shrink-0 rounded-md bg-brand-600 px-2 py-1 font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60">
            {busy ? t("enabling") : error ? t("retry") : t("enable")}
          </button>
        </div>
        {error && (
          <p role="alert" className="mt-1 text-red-700 dark:text-red-300">
            {t("enableFailed", { error })}
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="flex items-start justify-between gap-4">
      <div>
        <p id="browser-push-label" className="font-medium">{t("label")}</p>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {state === "denied" ? t("blocked") : t("description")}
        </p>
        {error && <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">{error}</p>}
      </div>
      <button
        type="button"
        role="switch"
        aria-checked={state === "enabled"}
        aria-labelledby="browser-push-label"
        disabled={busy || state === "denied"}
        onClick={() => void toggle()}
        className="relative h-6 w-11 shrink-0 rounded-full bg-slate-300 transition-colors aria-checked:bg-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-50 dark:bg-slate-700"
      >
        <span className={`absolute top-0.5 left-0.5 h-5 w-5 rounded-full bg-white shadow transition-transform motion-reduce:transition-none ${state === "enabled" ? "translate-x-5" : ""}`} />
      </button>
    </div>
  );
}
