"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState, useSyncExternalStore } from "react";
import { useChannelLabel } from "./channel-info";

type Channel = "in_app" | "email" | "sms" | "push" | "webhook";
type Prefs = {
  global: Record<Channel, boolean>;
  types: { key: string; name: string; description: string | null; critical: boolean; channels: Record<Channel, boolean> }[];
  quietHours: { enabled: boolean; start: string; end: string; timezone: string } | null;
};

const CHANNEL_IDS: Channel[] = ["in_app", "email", "sms", "push"];

let cachedZones: string[] | null = null;
const SERVER_ZONES = ["UTC"];
const serverZones = () => SERVER_ZONES;
const noSubscription = () => () => {};
function browserZones(): string[] {
  if (!cachedZones) {
    try {
      cachedZones = ["UTC", ...(Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf("timeZone").filter((z) => z !== "UTC")];
    } catch {
      cachedZones = SERVER_ZONES;
    }
  }
  return cachedZones;
}

/** The preferences page: global channel switches, the type × channel matrix, quiet hours. */
export function PreferencesForm({ initial, endpoint = "/api/preferences" }: { initial: Prefs; endpoint?: string }) {
  const t = useTranslations("PreferencesForm");
  const channelLabel = useChannelLabel();
  const channelColumns = CHANNEL_IDS.map((id) => ({ id, label: channelLabel(id) }));
  const [prefs, setPrefs] = useState(initial);
  const [status, setStatus] = useState<{ kind: "idle" | "saving" | "saved" | "error"; message?: string }>({ kind: "idle" });
  const quiet = prefs.quietHours ?? { enabled: false, start: "22:00", end: "07:00", timezone: "UTC" };
  // The zone list differs between server and browser runtimes: the browser's replaces the
  // server's placeholder right after hydration.
  const timeZones = useSyncExternalStore(noSubscription, browserZones, serverZones);

  useEffect(() => {
    if (status.kind !== "saved") return;
    const timer = setTimeout(() => setStatus({ kind: "idle" }), 4000);
    return () => clearTimeout(timer);
  }, [status.kind]);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setStatus({ kind: "saving" });
    const types = Object.fromEntries(prefs.types.filter((type) => !type.critical).map((type) => [type.key, type.channels]));
    const response = await fetch(endpoint, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ global: prefs.global, types, quietHours: quiet.enabled || prefs.quietHours ? quiet : undefined }),
    }).catch(() => null);
    const body = await response?.json().catch(() => null);
    if (!response?.ok) {
      setStatus({ kind: "error", message: body?.error?.message ?? t("failed") });
      return;
    }
    setPrefs(body.data);
    setStatus({ kind: "saved" });
  };

  // min-w-0: a fieldset otherwise grows to its content, and the wide matrix would overflow phones.
  const section = "min-w-0 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900";
  return (
    <form onSubmit={save} className="space-y-6">
      <fieldset className={section}>
        <legend className="px-1 text-base font-semibold">{t("channels")}</legend>
        <p className="mb-3 text-sm text-slate-500 dark:text-slate-400">{t("channelsIntro")}</p>
        <div className="flex flex-wrap gap-3">
          {channelColumns.map((c) => (
            <label key={c.id} className="flex items-center gap-2 rounded-lg border border-slate-200 px-3 py-2 text-sm dark:border-slate-700">
              <input
                type="checkbox"
                className="size-4 accent-brand-600"
                checked={prefs.global[c.id]}
                onChange={(e) => setPrefs({ ...prefs, global: { ...prefs.global, [c.id]: e.target.checked } })}
              />
              {c.label}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className={section}>
        <legend className="px-1 text-base font-semibold">{t("notifications")}</legend>
        <div className="-mx-2 overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">{t("caption")}</caption>
            <thead>
              <tr className="text-left text-slate-500 dark:text-slate-400">
                <th scope="col" className="px-2 py-2 font-medium">{t("type")}</th>
                {channelColumns.map((c) => (
                  <th key={c.id} scope="col" className="px-1 py-2 text-center text-xs font-medium sm:px-2 sm:text-sm">{c.label}</th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {prefs.types.map((type) => (
                <tr key={type.key}>
                  <th scope="row" className="px-2 py-2.5 text-left font-normal">
                    <span className="font-medium">{type.name}</span>
                    {type.critical && (
                      <span className="mt-0.5 block text-xs text-amber-700 dark:text-amber-400" id={`locked-${type.key}`}>
                        {t("alwaysDelivered")}
                      </span>
                    )}
                  </th>
                  {channelColumns.map((c) => (
                    <td key={c.id} className="px-1 py-2.5 text-center sm:px-2">
                      <input
                        type="checkbox"
                        className="size-4 accent-brand-600 disabled:opacity-60"
                        aria-label={t("byChannel", { type: type.name, channel: c.label })}
                        aria-describedby={type.critical ? `locked-${type.key}` : undefined}
                        disabled={type.critical || !prefs.global[c.id]}
                        checked={type.critical ? type.channels[c.id] : type.channels[c.id] && prefs.global[c.id]}
                        onChange={(e) =>
                          setPrefs({ ...prefs, types: prefs.types.map((x) => (x.key === type.key ? { ...x, channels: { ...x.channels, [c.id]: e.target.checked } } : x)) })
                        }
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>

      <fieldset className={section}>
        <legend className="px-1 text-base font-semibold">{t("quietHours")}</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-4 accent-brand-600"
            checked={quiet.enabled}
            onChange={(e) => setPrefs({ ...prefs, quietHours: { ...quiet, enabled: e.target.checked } })}
          />
          {t("holdBack")}
        </label>
        <div className="mt-3 grid gap-3 sm:grid-cols-3">
          <label className="text-sm">
            <span className="block text-slate-500 dark:text-slate-400">{t("from")}</span>
            <input type="time" required value={quiet.start} disabled={!quiet.enabled} onChange={(e) => setPrefs({ ...prefs, quietHours: { ...quiet, start: e.target.value } })} className="mt-1 w-full rounded-lg border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-950" />
          </label>
          <label className="text-sm">
            <span className="block text-slate-500 dark:text-slate-400">{t("until")}</span>
            <input type="time" required value={quiet.end} disabled={!quiet.enabled} onChange={(e) => setPrefs({ ...prefs, quietHours: { ...quiet, end: e.target.value } })} className="mt-1 w-full rounded-lg border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-950" />
          </label>
          <label className="text-sm">
            <span className="block text-slate-500 dark:text-slate-400">{t("timeZone")}</span>
            <select value={quiet.timezone} disabled={!quiet.enabled} onChange={(e) => setPrefs({ ...prefs, quietHours: { ...quiet, timezone: e.target.value } })} className="mt-1 w-full rounded-lg border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-950">
              {timeZones.map((z) => (
                <option key={z}>{z}</option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>

      <div className="flex items-center gap-3">
        <button type="submit" disabled={status.kind === "saving"} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60">
          {status.kind === "saving" ? t("saving") : t("save")}
        </button>
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">{status.kind === "saved" ? t("saved") : ""}</p>
        {status.kind === "error" && <p role="alert" className="text-sm text-rose-600 dark:text-rose-400">{status.message}</p>}
      </div>
    </form>
  );
}
