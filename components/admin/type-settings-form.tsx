"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { Channel, Escalation } from "@/lib/db/schema";
import { adminFetch, issueAt, type ApiError } from "./admin-fetch";
import { buttonPrimary, card, ErrorNote, inputClass, labelClass } from "./admin-ui";
import { channelLabels } from "./format";
import { useCan } from "./member-role";
import { suggestedCategories } from "@/lib/preferences/type-categories";

const CHANNELS: Channel[] = ["in_app", "email", "sms", "push", "webhook"];

type Settings = { key?: string; name: string; description: string | null; category?: string | null; defaultChannels: Channel[]; critical: boolean; escalation: Escalation | null; defaultLocale: string; variables: string[] | null; inboxTtlDays?: number | null };

/** A type's settings; with `create`, the form for a new type (its key is chosen once). Read-only without templates:write. */
export function TypeSettingsForm({ initial, create = false }: { initial: Settings; create?: boolean }) {
  const id = useId();
  const canEdit = useCan("templates:write");
  const router = useRouter();
  const [s, setS] = useState(initial);
  const [escalate, setEscalate] = useState(Boolean(initial.escalation));
  const [escalation, setEscalation] = useState<Escalation>(initial.escalation ?? { after: "15m", channels: ["email"] });
  const [variablesText, setVariablesText] = useState((initial.variables ?? []).join(", "));
  const [ttlText, setTtlText] = useState(initial.inboxTtlDays ? String(initial.inboxTtlDays) : "");
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const issue = (path: string) => issueAt(error, path)?.message;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    const variables = variablesText.split(/[\s,]+/).filter(Boolean);
    const body = {
      ...(create ? { key: s.key } : {}),
      name: s.name,
      description: s.description || null,
      category: s.category?.trim() || null,
      defaultChannels: s.defaultChannels,
      critical: s.critical,
      escalation: escalate ? escalation : null,
      defaultLocale: s.defaultLocale,
      variables: variables.length ? variables : null,
      // Empty keeps items for good; text that is not a number goes as typed, so the server names the field.
      inboxTtlDays: ttlText.trim() === "" ? null : Number.isFinite(Number(ttlText)) ? Number(ttlText) : ttlText,
    };
    const result = create
      ? await adminFetch<{ key: string }>("/api/admin/types", { method: "POST", body })
      : await adminFetch<{ key: string }>(`/api/admin/types/${encodeURIComponent(initial.key!)}`, { method: "PATCH", body });
    setBusy(false);
    if ("error" in result) return setError(result.error);
    if (create) router.push(`/admin/templates/${encodeURIComponent(result.data.key)}`);
    else {
      setSaved(true);
      router.refresh();
    }
  };
  const field = (name: keyof Settings | "escalation.after" | "escalation.channels") => ({
    "aria-invalid": Boolean(issue(name)) || undefined,
    "aria-describedby": issue(name) ? `${id}-${name}-error` : undefined,
  });
  const problem = (name: string) => issue(name) && <p id={`${id}-${name}-error`} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">{issue(name)}</p>;

  return (
    <form onSubmit={submit} className={`${card} space-y-4`} noValidate aria-label={create ? "New notification type" : "Type settings"}>
      <h2 className="text-lg font-semibold">{create ? "New notification type" : "Settings"}</h2>
      {/* A disabled fieldset disables every control inside it: one switch for read-only members. */}
      <fieldset disabled={!canEdit} className="min-w-0 space-y-4">
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          {create && (
            <div>
              <label htmlFor={`${id}-key`} className={labelClass}>Key</label>
              <input id={`${id}-key`} value={s.key ?? ""} onChange={(e) => setS({ ...s, key: e.target.value })} placeholder="order.shipped" className={`${inputClass} font-mono`} {...field("key")} />
              {problem("key")}
            </div>
          )}
          <div>
            <label htmlFor={`${id}-name`} className={labelClass}>Name</label>
            <input id={`${id}-name`} value={s.name} onChange={(e) => setS({ ...s, name: e.target.value })} className={inputClass} {...field("name")} />
            {problem("name")}
          </div>
          <div className="sm:col-span-2">
            <label htmlFor={`${id}-description`} className={labelClass}>Description</label>
            <input id={`${id}-description`} value={s.description ?? ""} onChange={(e) => setS({ ...s, description: e.target.value })} className={inputClass} {...field("description")} />
          </div>
          <div>
            <label htmlFor={`${id}-category`} className={labelClass}>Category (optional)</label>
            <input id={`${id}-category`} list={`${id}-categories`} value={s.category ?? ""} onChange={(e) => setS({ ...s, category: e.target.value })} placeholder="Activity" className={inputClass} {...field("category")} />
            <datalist id={`${id}-categories`}>{suggestedCategories.map((c) => <option key={c} value={c} />)}</datalist>
            <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">Groups the type on recipients&apos; preferences page.</p>
            {problem("category")}
          </div>
          <div>
            <label htmlFor={`${id}-locale`} className={labelClass}>Default locale</label>
            <input id={`${id}-locale`} value={s.defaultLocale} onChange={(e) => setS({ ...s, defaultLocale: e.target.value })} className={inputClass} {...field("defaultLocale")} />
            {problem("defaultLocale")}
          </div>
          <div>
            <label htmlFor={`${id}-variables`} className={labelClass}>Variables (optional)</label>
            <input id={`${id}-variables`} value={variablesText} onChange={(e) => setVariablesText(e.target.value)} placeholder="author, excerpt, url" className={`${inputClass} font-mono`} {...field("variables")} />
            <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">When set, templates may use only these (and <code>recipient</code>).</p>
            {problem("variables")}
          </div>
          <div>
            <label htmlFor={`${id}-inbox-ttl`} className={labelClass}>Keep in inboxes for (days, optional)</label>
            <input id={`${id}-inbox-ttl`} inputMode="numeric" value={ttlText} onChange={(e) => setTtlText(e.target.value)} placeholder="forever" className={`${inputClass} w-32`} {...field("inboxTtlDays")} />
            <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">In-app items of this type are deleted this many days after they arrive (checked hourly). Empty keeps them.</p>
            {problem("inboxTtlDays")}
          </div>
        </div>
        <fieldset>
          <legend className={labelClass}>Default channels</legend>
          <div className="mt-1 flex flex-wrap gap-2">
            {CHANNELS.map((c) => (
              <label key={c} className="flex items-center gap-2 rounded-lg border border-slate-200 px-3 py-1.5 text-sm dark:border-slate-700">
                <input type="checkbox" className="size-4 accent-brand-600" checked={s.defaultChannels.includes(c)} onChange={(e) => setS({ ...s, defaultChannels: e.target.checked ? [...s.defaultChannels, c] : s.defaultChannels.filter((x) => x !== c) })} />
                {channelLabels[c]}
              </label>
            ))}
          </div>
          {problem("defaultChannels")}
      </fieldset>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-0.5 size-4 accent-brand-600" checked={s.critical} onChange={(e) => setS({ ...s, critical: e.target.checked })} />
        <span><span className="font-medium">Critical</span> <span className="block text-slate-500 dark:text-slate-400">Ignores opt-outs and quiet hours; recipients cannot turn it off.</span></span>
      </label>
      <fieldset className="space-y-2">
        <label className="flex items-center gap-2 text-sm font-medium">
          <input type="checkbox" className="size-4 accent-brand-600" checked={escalate} onChange={(e) => setEscalate(e.target.checked)} /> Escalate when unread
        </label>
        {escalate && (
          <div className="flex flex-wrap items-end gap-3 pl-6">
            <div>
              <label htmlFor={`${id}-after`} className={labelClass}>After</label>
              <input id={`${id}-after`} value={escalation.after} onChange={(e) => setEscalation({ ...escalation, after: e.target.value })} className={`${inputClass} w-24`} {...field("escalation.after")} />
            </div>
            <fieldset>
              <legend className={labelClass}>to</legend>
              <div className="mt-1 flex flex-wrap gap-2">
                {CHANNELS.filter((c) => c !== "in_app").map((c) => (
                  <label key={c} className="flex items-center gap-1.5 text-sm">
                    <input type="checkbox" className="size-4 accent-brand-600" checked={escalation.channels.includes(c)} onChange={(e) => setEscalation({ ...escalation, channels: e.target.checked ? [...escalation.channels, c] : escalation.channels.filter((x) => x !== c) })} />
                    {channelLabels[c]}
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="w-full">{problem("escalation.after")}{problem("escalation.channels")}</div>
          </div>
        )}
      </fieldset>
      {error && !error.issues?.length && <ErrorNote>{error.message}</ErrorNote>}
      {canEdit && (
        <div className="flex items-center gap-3">
          <button type="submit" className={buttonPrimary} disabled={busy}>{create ? "Create type" : "Save settings"}</button>
          <span aria-live="polite" className="text-sm text-emerald-700 dark:text-emerald-300">{saved ? "Settings saved." : ""}</span>
        </div>
      )}
      </fieldset>
    </form>
  );
}
