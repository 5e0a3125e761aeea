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
type Filter = "all" | "failing" | "paused" | "disabled";
type Change = "enable" | "disable" | "pause" | "resume" | "enable-and-replay" | "replay";

// What each change sends, and what the notice says once it is done.
const changes: Record<Change, { body: Record<string, boolean>; done: string }> = {
  enable: { body: { enabled: true }, done: "Enabled" },
  disable: { body: { enabled: false }, done: "Disabled" },
  pause: { body: { paused: true }, done: "Paused" },
  resume: { body: { paused: false }, done: "Resumed" },
  "enable-and-replay": { body: { enabled: true, replayFailed: true }, done: "Enabled" },
  replay: { body: { replayFailed: true }, done: "Replaying to" },
};
const failedDeliveries = (n: number) => (n === 1 ? "1 failed delivery" : `${n} failed deliveries`);

/**
 * Webhook endpoints: create (secret shown once), health at a glance (failing since, paused,
 * disabled and why), pause/resume, enable/disable — re-enabling with a replay of what the
 * endpoint missed — rotate, delete.
 */
export function WebhookEndpointsManager({ initial }: { initial: Page }) {
  const id = useId();
  const canManage = useCan("webhooks:write");
  const [endpoints, setEndpoints] = useState(initial.data);
  const [next, setNext] = useState(initial.hasMore ? initial.next : null);
  const [filter, setFilter] = useState<Filter>("all");
  const [form, setForm] = useState({ url: "", target: "recipient" as "recipient" | "type", value: "", description: "" });
  const [error, setError] = useState<ApiError | null>(null);
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const [confirming, setConfirming] = useState<{ id: string; action: "delete" | "rotate" } | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState("");

  const load = async (status: Filter, after?: string) => {
    const query = new URLSearchParams({ limit: "25", ...(status !== "all" ? { status } : {}), ...(after ? { after } : {}) });
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
  const act = async (endpoint: WebhookEndpointView, action: Change | "rotate" | "delete") => {
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
    const change = changes[action];
    const result = await adminFetch<WebhookEndpointView>(url, { method: "PATCH", body: change.body });
    setBusy(false);
    if ("error" in result) return setNotice(`Could not ${action.replaceAll("-", " ")}: ${result.error.message}`);
    replace(result.data);
    const replays = (result as { replays?: { replayed: number } | null }).replays;
    setNotice(`${change.done} ${endpoint.url}.${replays ? ` ${failedDeliveries(replays.replayed)} queued for replay.` : ""}`);
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
          {(["all", "failing", "paused", "disabled"] as const).map((f) => (
            <button key={f} type="button" aria-pressed={filter === f} onClick={() => { setFilter(f); void load(f); }} className="rounded-md px-3 py-1 capitalize aria-pressed:bg-brand-600 aria-pressed:text-white focus-visible:outline-2 focus-visible:outline-brand-500">
              {f}
            </button>
          ))}
        </div>
        <p aria-live="polite" className="text-sm text-slate-600 dark:text-slate-400">{notice}</p>
      </div>

      {endpoints.length === 0 ? (
        <EmptyState title={filter === "all" ? "No webhook endpoints yet" : `No ${filter} endpoints`}>
          {filter === "all" ? "Add one above, or with POST /api/v1/webhook-endpoints." : "Every endpoint is receiving."}
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
                    {e.paused && <StatusBadge status="paused" />}
                    {e.enabled && e.failingSince && <StatusBadge status="failing" label={`failing since ${formatTimestamp(e.failingSince)}`} />}
                    {e.rotating && <StatusBadge status="queued" label="rotating secret" />}
                  </p>
                  <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
                    {e.recipientId ? `Recipient ${e.recipientId}` : `Type ${e.typeKey}`}
                    {e.description ? ` · ${e.description}` : ""} · last success {e.lastSuccessAt ? formatTimestamp(e.lastSuccessAt) : "never"} · last failure {e.lastFailureAt ? formatTimestamp(e.lastFailureAt) : "never"}
                  </p>
                </div>
                {canManage && (
                  <div className="flex flex-wrap gap-2">
                    {!e.enabled && e.deadLetters > 0 && (
                      <button type="button" className={buttonPrimary} disabled={busy} onClick={() => void act(e, "enable-and-replay")} aria-label={`Re-enable ${e.url} and replay ${failedDeliveries(e.deadLetters)}`}>
                        Re-enable and replay {failedDeliveries(e.deadLetters)}
                      </button>
                    )}
                    {e.enabled && !e.paused && e.deadLetters > 0 && (
                      <button type="button" className={buttonSecondary} disabled={busy} onClick={() => void act(e, "replay")} aria-label={`Replay ${failedDeliveries(e.deadLetters)} to ${e.url}`}>
                        Replay {failedDeliveries(e.deadLetters)}
                      </button>
                    )}
                    <button type="button" className={buttonSecondary} disabled={busy} onClick={() => void act(e, e.enabled ? "disable" : "enable")} aria-label={`${e.enabled ? "Disable" : "Enable"} ${e.url}`}>
                      {e.enabled ? "Disable" : "Enable"}
                    </button>
                    <button type="button" className={buttonSecondary} disabled={busy} onClick={() => void act(e, e.paused ? "resume" : "pause")} aria-label={`${e.paused ? "Resume" : "Pause"} ${e.url}`}>
                      {e.paused ? "Resume" : "Pause"}
                    </button>
                    <button type="button" className={buttonSecondary} disabled={busy} onClick={() => setConfirming({ id: e.id, action: "rotate" })} aria-label={`Rotate the secret of ${e.url}`}>Rotate secret</button>
                    <button type="button" className={buttonSecondary} disabled={busy} onClick={() => setConfirming({ id: e.id, action: "delete" })} aria-label={`Delete ${e.url}`}>Delete</button>
                  </div>
                )}
              </div>
              {!e.enabled && e.disabledReason && (
                <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-200">Disabled: {e.disabledReason}</p>
              )}
              {e.enabled && e.failingSince && e.lastFailureReason && (
                <p className="text-sm text-amber-800 dark:text-amber-300">
                  Failing since {formatTimestamp(e.failingSince)} ({e.consecutiveFailures === 1 ? "1 failed attempt" : `${e.consecutiveFailures} failed attempts`}, no success since): new notifications still go out and are retried on schedule. Last failure: {e.lastFailureReason}
                </p>
              )}
              {e.paused && (
                <p className="text-sm text-amber-800 dark:text-amber-300">
                  Paused since {formatTimestamp(e.pausedAt)}: notifications for it wait in the dead letters{e.deadLetters > 0 ? ` (${e.deadLetters} now)` : ""}, and go out when it is resumed.
                </p>
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
