"use client";

import { useId, useState } from "react";
import type { WebhookEndpointView } from "@/lib/channels/webhooks/manage-webhook-endpoints";
import { adminFetch, type ApiError } from "./admin-fetch";
import { buttonDanger, buttonPrimary, buttonSecondary, card, EmptyState, ErrorNote, inputClass, labelClass } from "./admin-ui";
import { formatTimestamp } from "./format";
import { useCan } from "./member-role";
import { OneTimeSecret } from "./one-time-secret";
import { StatusBadge } from "./status-badge";

type Page = { data: WebhookEndpointView[]; hasMore: boolean; next: string | null };

/** Webhook endpoints: create (secret shown once), health at a glance, enable/disable, rotate, delete. */
export function WebhookEndpointsManager({ initial }: { initial: Page }) {
  const id = useId();
  const canManage = useCan("webhooks:write");
  const [endpoints, setEndpoints] = useState(initial.data);
  const [next, setNext] = useState(initial.hasMore ? initial.next : null);
  const [filter, setFilter] = useState<"all" | "disabled">("all");
  const [form, setForm] = useState({ url: "", target: "recipient" as "recipient" | "type", value: "", description: "" });
  const [error, setError] = useState<ApiError | null>(null);
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const [confirming, setConfirming] = useState<{ id: string; action: "delete" | "rotate" } | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState("");

  const load = async (status: "all" | "disabled", after?: string) => {
    const query = new URLSearchParams({ limit: "25", ...(status === "disabled" ? { status } : {}), ...(after ? { after } : {}) });
    const result = await adminFetch<WebhookEndpointView[]>(`/api/admin/webhook-endpoints?${query}`);
    if ("error" in result) return setNotice(`Could not load endpoints: ${result.error.message}`);
    const page = result as unknown as Page;
    setEndpoints(after ? [...endpoints, ...page.data] : page.data);
    setNext(page.hasMore ? page.next : null);
  };
  const replace = (updated: WebhookEndpointView) => setEndpoints(endpoints.map((e) => (e.id === updated.id ? updated : e)));

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      url: form.url,
      ...(form.description ? { description: form.description } : {}),
      ...(form.target === "recipient" ? { recipientId: form.value } : { typeKey: form.value }),
    };
    const result = await adminFetch<WebhookEndpointView & { secret: string }>("/api/admin/webhook-endpoints", { method: "POST", body });
    setBusy(false);
    if ("error" in result) return setError(result.error);
    const { secret: value, ...endpoint } = result.data;
    setEndpoints([endpoint, ...endpoints]);
    setSecret({ label: endpoint.url, value });
    setForm({ ...form, url: "", value: "", description: "" });
  };
  const act = async (endpoint: WebhookEndpointView, action: "enable" | "disable" | "rotate" | "delete") => {
    setBusy(true);
    setConfirming(null);
    const url = `/api/admin/webhook-endpoints/${endpoint.id}`;
    if (action === "delete") {
      const res = await fetch(url, { method: "DELETE" }).catch(() => null);
      setBusy(false);
      if (!res?.ok) return setNotice(`Could not delete ${endpoint.url}.`);
      setEndpoints(endpoints.filter((e) => e.id !== endpoint.id));
      return setNotice(`Deleted ${endpoint.url}.`);
    }
    if (action === "rotate") {
      const result = await adminFetch<{ endpoint: WebhookEndpointView; secret: string }>(`${url}/rotate-secret`, { method: "POST" });
      setBusy(false);
      if ("error" in result) return setNotice(`Could not rotate: ${result.error.message}`);
      replace(result.data.endpoint);
      return setSecret({ label: `${endpoint.url} (the previous secret keeps signing for 24 hours)`, value: result.data.secret });
    }
    const result = await adminFetch<WebhookEndpointView>(url, { method: "PATCH", body: { enabled: action === "enable" } });
    setBusy(false);
    if ("error" in result) return setNotice(`Could not ${action}: ${result.error.message}`);
    replace(result.data);
    setNotice(`${action === "enable" ? "Enabled" : "Disabled"} ${endpoint.url}.`);
  };
  const issue = (path: string) => error?.issues?.find((i) => i.path === path)?.message;
  const targetIssue = issue("recipientId") ?? issue("typeKey");

  return (
    <div className="space-y-6">
      {!canManage && <p className="text-sm text-slate-600 dark:text-slate-400">Adding, changing and deleting endpoints needs the admin role.</p>}
      {canManage && (
        <form onSubmit={create} className={`${card} space-y-4`} aria-label="Add a webhook endpoint" noValidate>
          <h2 className="text-lg font-semibold">Add an endpoint</h2>
          <div className="grid gap-4 md:grid-cols-2">
            <div>
              <label htmlFor={`${id}-url`} className={labelClass}>URL</label>
              <input id={`${id}-url`} type="url" required value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} placeholder="https://example.com/hooks/herald" className={inputClass} aria-invalid={Boolean(issue("url")) || undefined} aria-describedby={issue("url") ? `${id}-url-error` : undefined} />
              {issue("url") && <p id={`${id}-url-error`} className="mt-1 text-sm text-red-700 dark:text-red-300">{issue("url")}</p>}
            </div>
            <div>
              <label htmlFor={`${id}-description`} className={labelClass}>Description <span className="font-normal text-slate-500">(optional)</span></label>
              <input id={`${id}-description`} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} className={inputClass} />
            </div>
            <fieldset>
              <legend className={labelClass}>Receives</legend>
              <div className="mt-1 flex flex-wrap gap-3 text-sm">
                {(["recipient", "type"] as const).map((t) => (
                  <label key={t} className="flex items-center gap-2">
                    <input type="radio" name={`${id}-target`} className="accent-brand-600" checked={form.target === t} onChange={() => setForm({ ...form, target: t })} />
                    {t === "recipient" ? "One recipient's notifications" : "Every notification of a type"}
                  </label>
                ))}
              </div>
            </fieldset>
            <div>
              <label htmlFor={`${id}-value`} className={labelClass}>{form.target === "recipient" ? "Recipient id" : "Type key"}</label>
              <input id={`${id}-value`} value={form.value} onChange={(e) => setForm({ ...form, value: e.target.value })} placeholder={form.target === "recipient" ? "alice" : "security.alert"} className={inputClass} aria-invalid={Boolean(targetIssue) || undefined} aria-describedby={targetIssue ? `${id}-value-error` : undefined} />
              {targetIssue && <p id={`${id}-value-error`} className="mt-1 text-sm text-red-700 dark:text-red-300">{targetIssue}</p>}
            </div>
          </div>
          {error && !issue("url") && !targetIssue && <ErrorNote>{error.message}</ErrorNote>}
          <button type="submit" className={buttonPrimary} disabled={busy}>Add endpoint</button>
        </form>
      )}

      {secret && (
        <OneTimeSecret label="New signing secret" title={`Signing secret for ${secret.label}`} fieldLabel="Signing secret" value={secret.value} onDismiss={() => setSecret(null)}>
          Shown once. Give it to the receiver so it can verify the <code>webhook-signature</code> header.
        </OneTimeSecret>
      )}

      <div className="flex flex-wrap items-center justify-between gap-3">
        <div role="group" aria-label="Show" className="inline-flex rounded-lg border border-slate-300 p-0.5 text-sm dark:border-slate-700">
          {(["all", "disabled"] as const).map((f) => (
            <button key={f} type="button" aria-pressed={filter === f} onClick={() => { setFilter(f); void load(f); }} className="rounded-md px-3 py-1 aria-pressed:bg-brand-600 aria-pressed:text-white focus-visible:outline-2 focus-visible:outline-brand-500">
              {f === "all" ? "All" : "Disabled"}
            </button>
          ))}
        </div>
        <p aria-live="polite" className="text-sm text-slate-600 dark:text-slate-400">{notice}</p>
      </div>

      {endpoints.length === 0 ? (
        <EmptyState title={filter === "disabled" ? "No disabled endpoints" : "No webhook endpoints yet"}>
          {filter === "disabled" ? "Every endpoint is receiving." : "Add one above, or with POST /api/v1/webhook-endpoints."}
        </EmptyState>
      ) : (
        <ul className="space-y-3" aria-label="Webhook endpoints">
          {endpoints.map((e) => (
            <li key={e.id} className={`${card} space-y-2`} data-testid="webhook-endpoint">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className="break-all font-mono text-sm">{e.url}</span>
                    <StatusBadge status={e.enabled ? "enabled" : "disabled"} />
                    {e.enabled && e.consecutiveFailures > 0 && <StatusBadge status="partial" label={`failing ×${e.consecutiveFailures}`} />}
                    {e.rotating && <StatusBadge status="queued" label="rotating secret" />}
                  </p>
                  <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
                    {e.recipientId ? `Recipient ${e.recipientId}` : `Type ${e.typeKey}`}
                    {e.description ? ` · ${e.description}` : ""} · last success {e.lastSuccessAt ? formatTimestamp(e.lastSuccessAt) : "never"} · last failure {e.lastFailureAt ? formatTimestamp(e.lastFailureAt) : "never"}
                  </p>
                </div>
                {canManage && (
                  <div className="flex flex-wrap gap-2">
                    <button type="button" className={buttonSecondary} disabled={busy} onClick={() => void act(e, e.enabled ? "disable" : "enable")} aria-label={`${e.enabled ? "Disable" : "Enable"} ${e.url}`}>
                      {e.enabled ? "Disable" : "Enable"}
                    </button>
                    <button type="button" className={buttonSecondary} disabled={busy} onClick={() => setConfirming({ id: e.id, action: "rotate" })} aria-label={`Rotate the secret of ${e.url}`}>Rotate secret</button>
                    <button type="button" className={buttonSecondary} disabled={busy} onClick={() => setConfirming({ id: e.id, action: "delete" })} aria-label={`Delete ${e.url}`}>Delete</button>
                  </div>
                )}
              </div>
              {!e.enabled && e.disabledReason && (
                <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-200">Disabled: {e.disabledReason}</p>
              )}
              {e.enabled && e.lastFailureReason && e.consecutiveFailures > 0 && (
                <p className="text-sm text-amber-800 dark:text-amber-300">Last failure: {e.lastFailureReason}</p>
              )}
              {confirming?.id === e.id && (
                <div role="group" aria-label="Confirm" className="flex flex-wrap items-center gap-2 text-sm">
                  <span>{confirming.action === "delete" ? "Delete this endpoint? It stops receiving at once." : "Issue a new secret? The current one keeps signing for 24 hours."}</span>
                  <button type="button" className={confirming.action === "delete" ? buttonDanger : buttonPrimary} onClick={() => void act(e, confirming.action)}>
                    {confirming.action === "delete" ? "Yes, delete" : "Yes, rotate"}
                  </button>
                  <button type="button" className={buttonSecondary} onClick={() => setConfirming(null)}>Cancel</button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {next && (
        <button type="button" className={buttonSecondary} onClick={() => void load(filter, next)}>Load more</button>
      )}
    </div>
  );
}
