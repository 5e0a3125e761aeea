"use client";

import { useCallback, useEffect, useId, useMemo, useState } from "react";
import { parseJsonObject } from "@/lib/json/parse-json-object";
import type { CurrentTemplate } from "@/lib/templates/list-notification-types";
import { adminFetch, type ApiIssue } from "./admin-fetch";
import { buttonPrimary, buttonSecondary, card, ErrorNote, inputClass, labelClass, linkClass } from "./admin-ui";
import { channelLabels } from "./format";
import { ChannelPreview } from "./channel-previews";
import { useCan } from "./member-role";
import { TemplateDiff } from "./template-diff";
import { useTemplatePreview } from "./use-template-preview";

const templateFields: Record<string, { name: string; label: string; rows: number }[]> = {
  in_app: [
    { name: "title", label: "Title", rows: 1 },
    { name: "body", label: "Body", rows: 3 },
    { name: "actionUrl", label: "Action URL", rows: 1 },
  ],
  email: [
    { name: "subject", label: "Subject", rows: 1 },
    { name: "html", label: "HTML body", rows: 8 },
    { name: "text", label: "Plain-text body", rows: 4 },
  ],
  sms: [{ name: "body", label: "Message", rows: 4 }],
  push: [
    { name: "title", label: "Title", rows: 1 },
    { name: "body", label: "Body", rows: 3 },
  ],
};

type Version = { id: string; version: number; content: Record<string, string>; createdAt: string; createdBy: string | null };

/**
 * Edits one template (type × channel × locale): fields with inline errors, a live preview,
 * the version history with a diff against the current version, rollback, and a test send.
 * A member who cannot edit templates reads them and their history only.
 */
export function TemplateEditor({ typeKey, templates, variables, me }: { typeKey: string; templates: CurrentTemplate[]; variables: string[]; me: { externalId: string; email: string | null } | null }) {
  const id = useId();
  const canEdit = useCan("templates:write");
  const canSend = useCan("notifications:send");
  const [channel, setChannel] = useState(templates[0]?.channel && templateFields[templates[0].channel] ? templates[0].channel : "in_app");
  const [locale, setLocale] = useState(templates[0]?.locale ?? "en");
  const [content, setContent] = useState<Record<string, string>>({});
  const [dataText, setDataText] = useState(() => JSON.stringify(Object.fromEntries(variables.map((v) => [v, `Sample ${v}`])), null, 2));
  const [issues, setIssues] = useState<ApiIssue[]>([]);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [versions, setVersions] = useState<{ items: Version[]; after: string | null; loading: boolean; error: string | null }>({ items: [], after: null, loading: true, error: null });
  const current = versions.items[0] ?? null;
  const [compare, setCompare] = useState<Version | null>(null);
  // Fields wait for the current version: an edit typed before it arrives would be overwritten.
  const [ready, setReady] = useState(false);

  const load = useCallback(async (after?: string | null) => {
    setVersions((v) => ({ ...v, loading: true, error: null }));
    if (!after) setReady(false);
    const result = await adminFetch<Version[]>(`/api/admin/types/${encodeURIComponent(typeKey)}/templates?channel=${channel}&locale=${encodeURIComponent(locale)}&limit=10${after ? `&after=${after}` : ""}`);
    if ("error" in result) {
      setReady(true);
      return setVersions((v) => ({ ...v, loading: false, error: result.error.message }));
    }
    setVersions((v) => ({ items: after ? [...v.items, ...result.data] : result.data, after: result.after ?? null, loading: false, error: null }));
    if (!after) {
      const latest = result.data[0] ?? null;
      setContent(latest ? { ...latest.content } : {});
      setCompare(null);
      setIssues([]);
      setReady(true);
    }
  }, [typeKey, channel, locale]);

  useEffect(() => {
    // The first page of history arrives asynchronously, as any fetch.
    const timer = setTimeout(() => void load(), 0);
    return () => clearTimeout(timer);
  }, [load]);

  const parsed = useMemo(() => parseJsonObject(dataText), [dataText]);
  const filled = Object.fromEntries(Object.entries(content).filter(([, v]) => v !== ""));
  const previewData = parsed.ok ? { ...parsed.value, recipient: { id: me?.externalId ?? "preview", name: "Ada Admin" } } : null;
  const preview = useTemplatePreview(channel, canEdit && Object.keys(filled).length ? filled : null, previewData);
  const fieldIssues = (field: string) => [
    ...issues.filter((i) => i.path === `content.${field}`).map((i) => i.message),
    ...(preview.status === "error" ? (preview.error.issues ?? []).filter((i) => i.path === `content.${field}`).map((i) => `preview: ${i.message}`) : []),
  ];

  const save = async () => {
    setBusy(true);
    setMessage(null);
    const result = await adminFetch<Version>(`/api/admin/types/${encodeURIComponent(typeKey)}/templates`, { method: "POST", body: { channel, locale, content: filled, baseVersion: current?.version ?? 0 } });
    setBusy(false);
    if ("error" in result) {
      setIssues(result.error.issues ?? []);
      setMessage({ kind: "error", text: `Not saved: ${result.error.message}` });
      return;
    }
    setMessage({ kind: "ok", text: `Saved as version ${result.data.version}.` });
    await load();
  };
  const rollback = async (version: number) => {
    if (!window.confirm(`Restore version ${version}? Its content is saved as a new version; nothing is deleted.`)) return;
    setBusy(true);
    const result = await adminFetch<Version>(`/api/admin/types/${encodeURIComponent(typeKey)}/templates/rollback`, { method: "POST", body: { channel, locale, version } });
    setBusy(false);
    if ("error" in result) return setMessage({ kind: "error", text: result.error.message });
    setMessage({ kind: "ok", text: `Restored version ${version} as version ${result.data.version}.` });
    await load();
  };
  const testSend = async () => {
    if (!me || !parsed.ok) return;
    setBusy(true);
    setMessage(null);
    const result = await adminFetch<{ notifications: { id: string }[] }>("/api/admin/send", {
      method: "POST",
      body: { to: [me.externalId], type: typeKey, channels: [channel], data: parsed.value, content: { [channel]: filled } },
    });
    setBusy(false);
    setMessage("error" in result ? { kind: "error", text: `Test not sent: ${result.error.message}` } : { kind: "ok", text: `Test sent to you (${channelLabels[channel]}): notification ${result.data.notifications[0]!.id}.` });
  };

  const locales = [...new Set(["en", ...templates.map((t) => t.locale)])];
  const dirty = JSON.stringify(filled) !== JSON.stringify(current?.content ?? {});

  return (
    <section className={`${card} space-y-5`} aria-labelledby={`${id}-heading`}>
      <div className="flex flex-wrap items-end gap-3">
        <h2 id={`${id}-heading`} className="mr-auto text-lg font-semibold">Templates</h2>
        <div>
          <label htmlFor={`${id}-channel`} className={labelClass}>Channel</label>
          <select id={`${id}-channel`} value={channel} onChange={(e) => setChannel(e.target.value as typeof channel)} className={inputClass}>
            {Object.keys(templateFields).map((c) => (
              <option key={c} value={c}>{channelLabels[c]}{templates.some((t) => t.channel === c) || (c === channel && current) ? "" : " (none yet)"}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-locale`} className={labelClass}>Locale</label>
          <input id={`${id}-locale`} list={`${id}-locales`} value={locale} onChange={(e) => setLocale(e.target.value)} className={`${inputClass} w-28`} />
          <datalist id={`${id}-locales`}>{locales.map((l) => <option key={l} value={l} />)}</datalist>
        </div>
      </div>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <div className="space-y-4">
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {current ? `Editing version ${current.version} (current).` : "No template yet for this channel and locale: saving creates version 1."} Liquid syntax: <code>{"{{ variable }}"}</code>, <code>{"{% if x %}…{% endif %}"}</code>.
          </p>
          {templateFields[channel]!.map((f) => {
            const problems = fieldIssues(f.name);
            return (
              <div key={f.name}>
                <label htmlFor={`${id}-${f.name}`} className={labelClass}>{f.label}</label>
                <textarea
                  id={`${id}-${f.name}`}
                  rows={f.rows}
                  spellCheck={false}
                  value={content[f.name] ?? ""}
                  disabled={!ready}
                  readOnly={!canEdit}
                  onChange={(e) => setContent({ ...content, [f.name]: e.target.value })}
                  aria-invalid={problems.length > 0 || undefined}
                  aria-describedby={problems.length ? `${id}-${f.name}-error` : undefined}
                  className={`${inputClass} font-mono text-xs`}
                />
                {problems.length > 0 && (
                  <ul id={`${id}-${f.name}-error`} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">
                    {problems.map((p) => <li key={p}>{p}</li>)}
                  </ul>
                )}
              </div>
            );
          })}
          {canEdit && (
            <div>
              <label htmlFor={`${id}-data`} className={labelClass}>Sample data (JSON)</label>
              <textarea id={`${id}-data`} rows={4} spellCheck={false} value={dataText} onChange={(e) => setDataText(e.target.value)} aria-invalid={!parsed.ok || undefined} className={`${inputClass} font-mono text-xs`} />
              {!parsed.ok && <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">Line {parsed.line}, column {parsed.column}: {parsed.message}</p>}
            </div>
          )}
          {canEdit && (
            <div className="flex flex-wrap gap-2">
              <button type="button" className={buttonPrimary} onClick={save} disabled={busy || !ready || !dirty || Object.keys(filled).length === 0}>Save as new version</button>
              <button type="button" className={buttonSecondary} onClick={() => { setContent({ ...(current?.content ?? {}) }); setIssues([]); }} disabled={busy || !dirty}>Discard changes</button>
              {canSend && (
                <button type="button" className={buttonSecondary} onClick={testSend} disabled={busy || !me || !parsed.ok || Object.keys(filled).length === 0} title={me ? `Sends to ${me.email ?? me.externalId}` : "Your account has no recipient"}>
                  Send test to me
                </button>
              )}
            </div>
          )}
          <div aria-live="polite">
            {message && (message.kind === "ok" ? <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">{message.text}</p> : <ErrorNote>{message.text}</ErrorNote>)}
          </div>
        </div>
        <div className="space-y-2">
          <h3 className="text-sm font-semibold text-slate-600 dark:text-slate-300">Preview</h3>
          {preview.status === "ready" ? (
            <ChannelPreview channel={channel} content={preview.content} to={channel === "email" ? (me?.email ?? "you@example.com") : null} />
          ) : preview.status === "error" ? (
            <ErrorNote>The template does not render with this data: {preview.error.message}</ErrorNote>
          ) : !canEdit ? (
            <p className="text-sm text-slate-500 dark:text-slate-400">Previews and edits need the editor role.</p>
          ) : (
            <p className="text-sm text-slate-500 dark:text-slate-400">{Object.keys(filled).length ? "Rendering…" : "Write a template to preview it."}</p>
          )}
        </div>
      </div>

      <div className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800">
        <h3 className="font-semibold">Version history</h3>
        {versions.error && <ErrorNote>{versions.error}</ErrorNote>}
        {!versions.loading && versions.items.length === 0 && !versions.error && <p className="text-sm text-slate-500">No versions yet.</p>}
        <ol className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {versions.items.map((v) => (
            <li key={v.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
              <span className="font-medium">Version {v.version}</span>
              {v.id === current?.id && <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs text-brand-700 dark:bg-brand-700/30 dark:text-brand-100">current</span>}
              <time dateTime={v.createdAt} className="text-slate-500 dark:text-slate-400">{new Date(v.createdAt).toLocaleString("en")}</time>
              {v.id !== current?.id && (
                <span className="ml-auto flex gap-2">
                  <button type="button" className={buttonSecondary} onClick={() => setCompare(compare?.id === v.id ? null : v)} aria-expanded={compare?.id === v.id}>
                    {compare?.id === v.id ? "Hide diff" : `Compare v${v.version}`}
                  </button>
                  {canEdit && <button type="button" className={buttonSecondary} onClick={() => rollback(v.version)} disabled={busy}>Restore v{v.version}</button>}
                </span>
              )}
            </li>
          ))}
        </ol>
        {versions.after && (
          <button type="button" className={linkClass} onClick={() => load(versions.after)} disabled={versions.loading}>
            {versions.loading ? "Loading…" : "Older versions"}
          </button>
        )}
        {compare && current && <TemplateDiff from={compare.content} to={current.content} fromLabel={`version ${compare.version}`} toLabel={`version ${current.version} (current)`} />}
      </div>
    </section>
  );
}
