"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import type { NotificationTypeWithTemplates } from "@/lib/templates/list-notification-types";
import { parseJsonObject } from "@/lib/json/parse-json-object";
import { adminFetch, issueAt, type ApiError } from "./admin-fetch";
import { buttonPrimary, card, ErrorNote, inputClass, labelClass, linkClass } from "./admin-ui";
import { channelLabels } from "./format";
import { BroadcastProgress } from "./broadcast-progress";
import { ChannelPreview } from "./channel-previews";
import { JsonDataField } from "./json-data-field";
import { RecipientPicker, type PickedRecipient } from "./recipient-picker";
import { useTemplatePreview } from "./use-template-preview";

type Type = Pick<NotificationTypeWithTemplates, "key" | "name" | "defaultChannels" | "critical" | "escalation" | "templateSettings" | "templates" | "variables">;
const CHANNELS = ["in_app", "email", "sms", "push", "webhook"] as const;

function sampleData(variables: string[]) {
  return JSON.stringify(Object.fromEntries(variables.map((v) => [v, v === "url" ? "/inbox" : `Sample ${v}`])), null, 2);
}

/** The template a type would use for a channel: its default locale's, else English, else any. */
function templateFor(type: Type, channel: string) {
  const locale = type.templateSettings.defaultLocale ?? "en";
  const own = type.templates.filter((t) => t.channel === channel);
  return own.find((t) => t.locale === locale) ?? own.find((t) => t.locale === "en") ?? own[0] ?? null;
}

/** Compose a notification: to chosen recipients now or later, or as a broadcast to a filtered audience. */
export function SendComposer({ types }: { types: Type[] }) {
  const id = useId();
  const router = useRouter();
  const [typeKey, setTypeKey] = useState(types.find((t) => t.key === "comment.created")?.key ?? types[0]?.key ?? "");
  const type = types.find((t) => t.key === typeKey) ?? types[0]!;
  const [templateKey, setTemplateKey] = useState("");
  const templateType = types.find((t) => t.key === templateKey) ?? type;
  const [audience, setAudience] = useState<"recipients" | "broadcast">("recipients");
  const [recipients, setRecipients] = useState<PickedRecipient[]>([]);
  const [filter, setFilter] = useState({ search: "", locale: "", hasEmail: false, hasPhone: false });
  const [dataText, setDataText] = useState(() => sampleData(type.variables));
  const [channels, setChannels] = useState<string[]>(type.defaultChannels);
  const [priority, setPriority] = useState("normal");
  const [when, setWhen] = useState<"now" | "later">("now");
  const [sendAt, setSendAt] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState<{ id: string; recipient: string }[] | null>(null);
  const [broadcastId, setBroadcastId] = useState<string | null>(null);

  const parsed = useMemo(() => parseJsonObject(dataText), [dataText]);
  const issueFor = (prefix: string) => issueAt(error, prefix);
  const chooseType = (key: string) => {
    const next = types.find((t) => t.key === key)!;
    setTypeKey(key);
    setChannels(next.defaultChannels);
    // Replace the sample only while it is still untouched sample data.
    if (dataText === sampleData(type.variables)) setDataText(sampleData(next.variables));
    setError(null);
  };
  const channelsChanged = channels.length !== type.defaultChannels.length || channels.some((c) => !type.defaultChannels.includes(c as never));
  const first = recipients[0];

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    setSent(null);
    if (!parsed.ok) return;
    if (audience === "recipients" && recipients.length === 0) {
      setError({ code: "client", message: "Choose at least one recipient.", issues: [{ path: "to", message: "choose at least one recipient" }] });
      return;
    }
    if (channels.length === 0) {
      setError({ code: "client", message: "Choose at least one channel.", issues: [{ path: "channels", message: "choose at least one channel" }] });
      return;
    }
    const common = {
      type: type.key,
      ...(templateKey && templateKey !== type.key ? { template: templateKey } : {}),
      data: parsed.value,
      ...(channelsChanged ? { channels } : {}),
      priority,
    };
    setSubmitting(true);
    if (audience === "recipients") {
      const body = { ...common, to: recipients.map((r) => r.externalId), ...(when === "later" && sendAt ? { sendAt: new Date(sendAt).toISOString() } : {}) };
      const result = await adminFetch<{ notifications: { id: string; recipient: string }[] }>("/api/admin/send", { method: "POST", body });
      if ("error" in result) setError(result.error);
      else setSent(result.data.notifications);
    } else {
      const f = { ...(filter.search ? { search: filter.search } : {}), ...(filter.locale ? { locale: filter.locale } : {}), ...(filter.hasEmail ? { hasEmail: true } : {}), ...(filter.hasPhone ? { hasPhone: true } : {}) };
      const result = await adminFetch<{ id: string }>("/api/admin/broadcasts", { method: "POST", body: { ...common, filter: f } });
      if ("error" in result) setError(result.error);
      else setBroadcastId(result.data.id);
    }
    setSubmitting(false);
  };

  const previewData = parsed.ok ? { ...parsed.value, recipient: { id: first?.externalId ?? "preview", name: first?.name ?? "Ada Admin" } } : null;

  return (
    <form onSubmit={submit} className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]" noValidate>
      <div className="min-w-0 space-y-6">
        <section className={`${card} space-y-4`} aria-labelledby={`${id}-what`}>
          <h2 id={`${id}-what`} className="text-base font-semibold">What</h2>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            {/* Full width: "Name (key)" of a long type no longer ends cut off in half a card. */}
            <div className="sm:col-span-2">
              <label htmlFor={`${id}-type`} className={labelClass}>Notification type</label>
              <select id={`${id}-type`} value={type.key} onChange={(e) => chooseType(e.target.value)} className={inputClass} aria-invalid={Boolean(issueFor("type")) || undefined}>
                {types.map((t) => (
                  <option key={t.key} value={t.key}>{t.name} ({t.key})</option>
                ))}
              </select>
              {type.critical && <p className="mt-1 text-xs text-amber-700 dark:text-amber-400">Critical: ignores opt-outs and quiet hours.</p>}
            </div>
            <div>
              <label htmlFor={`${id}-template`} className={labelClass}>Templates from</label>
              <select id={`${id}-template`} value={templateKey} onChange={(e) => setTemplateKey(e.target.value)} className={inputClass}>
                <option value="">This type’s own</option>
                {types.filter((t) => t.key !== type.key && t.templates.length > 0).map((t) => (
                  <option key={t.key} value={t.key}>{t.name}</option>
                ))}
              </select>
            </div>
          </div>
          <JsonDataField value={dataText} onChange={setDataText} parsed={parsed} variables={templateType.variables} serverError={issueFor("data")?.message} />
          <fieldset>
            <legend className={labelClass}>Channels</legend>
            <div className="mt-1 flex flex-wrap gap-2">
              {CHANNELS.map((c) => (
                <label key={c} className="flex items-center gap-2 rounded-lg border border-slate-200 px-3 py-1.5 text-sm dark:border-slate-700">
                  <input type="checkbox" className="size-4 accent-brand-600" checked={channels.includes(c)} onChange={(e) => setChannels(e.target.checked ? [...channels, c] : channels.filter((x) => x !== c))} />
                  {channelLabels[c]}
                </label>
              ))}
            </div>
            {issueFor("channels") && <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">{issueFor("channels")!.message}</p>}
          </fieldset>
          <div className="max-w-xs">
            <label htmlFor={`${id}-priority`} className={labelClass}>Priority</label>
            <select id={`${id}-priority`} value={priority} onChange={(e) => setPriority(e.target.value)} className={inputClass}>
              {["critical", "high", "normal", "low"].map((p) => <option key={p} value={p}>{p}</option>)}
            </select>
          </div>
        </section>

        <section className={`${card} space-y-4`} aria-labelledby={`${id}-who`}>
          <h2 id={`${id}-who`} className="text-base font-semibold">Who</h2>
          <div role="radiogroup" aria-label="Audience" className="flex flex-wrap gap-4 text-sm">
            <label className="flex items-center gap-2"><input type="radio" name="audience" className="accent-brand-600" checked={audience === "recipients"} onChange={() => setAudience("recipients")} /> Chosen recipients</label>
            <label className="flex items-center gap-2"><input type="radio" name="audience" className="accent-brand-600" checked={audience === "broadcast"} onChange={() => setAudience("broadcast")} /> Broadcast to everyone matching a filter</label>
          </div>
          {audience === "recipients" ? (
            <>
              <RecipientPicker value={recipients} onChange={setRecipients} invalid={Boolean(issueFor("to"))} describedBy={issueFor("to") ? `${id}-to-error` : undefined} />
              {issueFor("to") && <p id={`${id}-to-error`} role="alert" className="text-sm text-red-700 dark:text-red-300">{issueFor("to")!.message}</p>}
              <fieldset>
                <legend className={labelClass}>When</legend>
                <div className="mt-1 flex flex-wrap items-center gap-4 text-sm">
                  <label className="flex items-center gap-2"><input type="radio" name="when" className="accent-brand-600" checked={when === "now"} onChange={() => setWhen("now")} /> Now</label>
                  <label className="flex items-center gap-2"><input type="radio" name="when" className="accent-brand-600" checked={when === "later"} onChange={() => setWhen("later")} /> Later</label>
                  {when === "later" && (
                    <label className="flex items-center gap-2">
                      <span className="sr-only">Send at</span>
                      <input type="datetime-local" required value={sendAt} onChange={(e) => setSendAt(e.target.value)} className={`${inputClass} mt-0 w-auto`} aria-invalid={Boolean(issueFor("sendAt")) || undefined} />
                    </label>
                  )}
                </div>
              </fieldset>
            </>
          ) : (
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              <div>
                <label htmlFor={`${id}-search`} className={labelClass}>Name, email or id contains</label>
                <input id={`${id}-search`} value={filter.search} onChange={(e) => setFilter({ ...filter, search: e.target.value })} className={inputClass} placeholder="Everyone" />
              </div>
              <div>
                <label htmlFor={`${id}-locale`} className={labelClass}>Locale</label>
                <input id={`${id}-locale`} value={filter.locale} onChange={(e) => setFilter({ ...filter, locale: e.target.value })} className={inputClass} placeholder="Any, or e.g. en" aria-invalid={Boolean(issueFor("filter.locale")) || undefined} />
                {issueFor("filter.locale") && <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">{issueFor("filter.locale")!.message}</p>}
              </div>
              <label className="flex items-center gap-2 text-sm"><input type="checkbox" className="size-4 accent-brand-600" checked={filter.hasEmail} onChange={(e) => setFilter({ ...filter, hasEmail: e.target.checked })} /> Has an email address</label>
              <label className="flex items-center gap-2 text-sm"><input type="checkbox" className="size-4 accent-brand-600" checked={filter.hasPhone} onChange={(e) => setFilter({ ...filter, hasPhone: e.target.checked })} /> Has a phone number</label>
            </div>
          )}
        </section>

        {error && <ErrorNote>{error.message}</ErrorNote>}
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={buttonPrimary} disabled={submitting || !parsed.ok || (audience === "recipients" && when === "later" && !sendAt)}>
            {submitting ? "Sending…" : audience === "broadcast" ? "Start broadcast" : when === "later" ? "Schedule" : "Send now"}
          </button>
          {audience === "recipients" && <span className="text-sm text-slate-500 dark:text-slate-400">{recipients.length} recipient{recipients.length === 1 ? "" : "s"}</span>}
        </div>

        <div aria-live="polite">
          {sent && (
            <section className={card} aria-label="Sent">
              <h2 className="font-semibold">{when === "later" ? "Scheduled" : "Sent"}: {sent.length} notification{sent.length === 1 ? "" : "s"} accepted</h2>
              <ul className="mt-2 space-y-1 text-sm">
                {sent.map((n) => (
                  <li key={n.id} className="flex flex-wrap gap-x-2">
                    <span className="text-slate-500 dark:text-slate-400">{n.recipient}</span>
                    <Link href={`/admin/deliveries/${n.id}`} className={`${linkClass} break-all font-mono text-xs`}>{n.id}</Link>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {/* Refreshed once the broadcast has finished, so the list below never polls alongside the progress bar. */}
          {broadcastId && <BroadcastProgress id={broadcastId} onDone={() => router.refresh()} />}
        </div>
      </div>

      <aside className="min-w-0 space-y-4" aria-label="Preview">
        <h2 className="text-base font-semibold">Preview</h2>
        {channels.length === 0 && <p className="text-sm text-slate-500">Pick a channel to preview it.</p>}
        {CHANNELS.filter((c) => channels.includes(c)).map((c) => (
          <ChannelPreviewCard key={c} channel={c} template={templateFor(templateType, c)?.content ?? null} data={previewData} to={c === "email" ? (first?.email ?? "ada@example.com") : c === "sms" ? (first?.phone ?? first?.name ?? null) : null} />
        ))}
      </aside>
    </form>
  );
}

function ChannelPreviewCard({ channel, template, data, to }: { channel: string; template: Record<string, string> | null; data: Record<string, unknown> | null; to: string | null }) {
  const preview = useTemplatePreview(channel, template, data);
  return (
    <section className={card} aria-label={`${channelLabels[channel]} preview`}>
      <h3 className="mb-2 text-sm font-semibold text-slate-600 dark:text-slate-300">{channelLabels[channel]}</h3>
      {!template ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">No {channelLabels[channel]} template for this type: this channel would be skipped.</p>
      ) : !data ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">Fix the data to see the preview.</p>
      ) : preview.status === "error" ? (
        <ul role="alert" className="space-y-1 text-sm text-red-700 dark:text-red-300">
          {(preview.error.issues ?? [{ path: "", message: preview.error.message }]).map((i) => (
            <li key={`${i.path}${i.message}`}>{i.path ? `${i.path.replace(/^content\./, "")}: ` : ""}{i.message}</li>
          ))}
        </ul>
      ) : preview.status === "ready" ? (
        <ChannelPreview channel={channel} content={preview.content} to={to} />
      ) : (
        <div className="h-24 animate-pulse rounded-xl bg-slate-100 dark:bg-slate-800" aria-label="Rendering preview" />
      )}
    </section>
  );
}
