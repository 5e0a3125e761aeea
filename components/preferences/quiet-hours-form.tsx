"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import type { RecipientPreferences } from "@/lib/preferences/recipient-preferences";
import { TimeZoneField, useBrowserTimeZone, useTimeZones } from "./time-zone-field";

type QuietHours = NonNullable<RecipientPreferences["quietHours"]>;

/**
 * Quiet hours: a window and its zone, saved together with one button (a half-typed time is
 * not worth saving). Without a saved zone the browser's own is proposed.
 */
export function QuietHoursForm({ initial, endpoint, onSaved }: { initial: QuietHours | null; endpoint: string; onSaved: (quiet: QuietHours | null) => void }) {
  const t = useTranslations("QuietHours");
  const id = useId();
  const browserZone = useBrowserTimeZone();
  const zones = useTimeZones();
  const [enabled, setEnabled] = useState(initial?.enabled ?? false);
  const [start, setStart] = useState(initial?.start ?? "22:00");
  const [end, setEnd] = useState(initial?.end ?? "07:00");
  const [typedZone, setTypedZone] = useState<string | null>(null);
  const [status, setStatus] = useState<{ kind: "idle" | "saving" | "saved" } | { kind: "error"; message: string; zone?: string }>({ kind: "idle" });
  const zone = typedZone ?? initial?.timezone ?? browserZone ?? "UTC";
  const fromBrowser = typedZone === null && !initial?.timezone && browserZone !== null;

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const known = zones.length === 0 ? zone : zones.find((z) => z.toLowerCase() === zone.trim().toLowerCase());
    if (!known) {
      setStatus({ kind: "error", message: t("checkZone"), zone: t("pickZone") });
      return;
    }
    setStatus({ kind: "saving" });
    const response = await fetch(endpoint, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ quietHours: { enabled, start, end, timezone: known } }),
    }).catch(() => null);
    const body = await response?.json().catch(() => null);
    if (!response?.ok) {
      const zoneIssue = body?.error?.issues?.find((i: { path: string }) => i.path === "quietHours.timezone")?.message;
      setStatus({ kind: "error", message: body?.error?.message ?? t("unreachable"), zone: zoneIssue });
      return;
    }
    setTypedZone(known);
    onSaved(body.data.quietHours);
    setStatus({ kind: "saved" });
  };

  const input = "mt-1 w-full rounded-lg border border-slate-300 bg-white px-2 py-1.5 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-950";
  return (
    <form onSubmit={save} aria-labelledby={`${id}-title`} className="min-w-0 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 id={`${id}-title`} className="text-base font-semibold">{t("heading")}</h2>
      <label className="mt-3 flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-0.5 size-4 accent-brand-600" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        <span>{t("holdBack")}</span>
      </label>
      <div className="mt-3 grid gap-3 sm:grid-cols-3">
        <label className="text-sm">
          <span className="block text-slate-600 dark:text-slate-400">{t("from")}</span>
          <input type="time" required value={start} disabled={!enabled} onChange={(e) => setStart(e.target.value)} className={input} />
        </label>
        <label className="text-sm">
          <span className="block text-slate-600 dark:text-slate-400">{t("until")}</span>
          <input type="time" required value={end} disabled={!enabled} onChange={(e) => setEnd(e.target.value)} className={input} />
        </label>
        <TimeZoneField
          id={`${id}-zone`}
          value={zone}
          disabled={!enabled}
          onChange={setTypedZone}
          hint={fromBrowser ? t("browserZone") : undefined}
          error={status.kind === "error" ? status.zone : undefined}
        />
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <button type="submit" disabled={status.kind === "saving"} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60">
          {status.kind === "saving" ? t("saving") : t("save")}
        </button>
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">{status.kind === "saved" ? t("saved") : ""}</p>
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">{status.kind === "error" ? status.message : ""}</p>
      </div>
    </form>
  );
}
