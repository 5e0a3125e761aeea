"use client";

import { useTranslations } from "next-intl";
import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};
let cachedZones: string[] | null = null;
const noZones: string[] = [];

function browserZones(): string[] {
  if (!cachedZones) {
    try {
      cachedZones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];
    } catch {
      cachedZones = noZones;
    }
  }
  return cachedZones;
}

/** The browser's zone ("Europe/Berlin"); null while rendering on the server. */
export function useBrowserTimeZone(): string | null {
  return useSyncExternalStore(noSubscription, () => Intl.DateTimeFormat().resolvedOptions().timeZone ?? null, () => null);
}

/** Every zone the browser knows (empty on the server, which lists none). */
export function useTimeZones(): string[] {
  return useSyncExternalStore(noSubscription, browserZones, () => noZones);
}

/**
 * A searchable zone picker: a text field whose suggestions are the browser's zones. Typing
 * "berl" offers Europe/Berlin; the form checks the value is one of them before saving.
 */
export function TimeZoneField({ id, value, onChange, disabled, error, hint }: { id: string; value: string; onChange: (zone: string) => void; disabled?: boolean; error?: string; hint?: string }) {
  const t = useTranslations("TimeZoneField");
  const zones = useTimeZones();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="text-sm">
      <label htmlFor={id} className="block text-slate-600 dark:text-slate-400">{t("label")}</label>
      <input
        id={id}
        list={`${id}-zones`}
        value={value}
        disabled={disabled}
        autoComplete="off"
        spellCheck={false}
        placeholder={t("placeholder")}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        onChange={(e) => onChange(e.target.value)}
        onFocus={(e) => e.target.select()}
        className="mt-1 w-full rounded-lg border border-slate-300 bg-white px-2 py-1.5 aria-invalid:border-rose-500 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-950"
      />
      <datalist id={`${id}-zones`}>
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      {hint && <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">{hint}</p>}
      {error && <p id={`${id}-error`} className="mt-1 text-xs text-rose-700 dark:text-rose-300">{error}</p>}
    </div>
  );
}
