"use client";

import Link from "next/link";
import { useState } from "react";
import type { NotificationDetail } from "@/lib/admin/get-notification-detail";
import type { ReplayRequestResult } from "@/lib/admin/request-delivery-replays";
import type { RunDetail } from "@/inngest/executor/run-queries";
import { channelLabels, formatDuration, formatTimestamp } from "./format";
import { StatusBadge } from "./status-badge";
import { useAdminFetch } from "./use-admin-fetch";
import { adminFetch } from "./admin-fetch";
import { useCan } from "./member-role";
import { cardFlush, linkClass, LoadError } from "./admin-ui";
import { ReasonText } from "./reason-text";
import { failedStatuses } from "@/lib/notifications/delivery-status";

// Dates arrive as JSON strings.
type Json<T> = T extends Date ? string : T extends (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;
type Detail = Json<NotificationDetail<RunDetail>>;
type Run = NonNullable<Detail["durable"]["runs"]>[number];

const POLL_MS = 2_000;
const dead: string[] = failedStatuses;

const errorText = (error: unknown) =>
  error && typeof error === "object" ? [(error as { name?: string }).name, (error as { message?: string }).message].filter(Boolean).join(": ") : error ? String(error) : null;
// A retry_scheduled or deferred event says when the delivery is tried again.
const nextAttemptOf = (payload: unknown) => (payload as { nextAttemptAt?: string } | null)?.nextAttemptAt ?? null;
const between = (from: string | null, to: string | null) => (from && to ? new Date(to).getTime() - new Date(from).getTime() : null);

/** What happened to one notification, refreshed every 2 s while anything about it can still change. */
export function NotificationDetailView({ id }: { id: string }) {
  const { data, error, loading, refetch } = useAdminFetch<{ data: Detail }>(`/api/admin/notifications/${id}`, {
    pollMs: POLL_MS,
    poll: (body) => body.data.inProgress,
  });
  const detail = data?.data;
  const canReplay = useCan("dead_letters:write");
  // Kept here, not in the replay button: the button goes away as soon as the replay starts.
  const [notice, setNotice] = useState<string | null>(null);

  if (loading) {
    return (
      <div aria-busy="true" aria-label="Loading the notification" className="space-y-4">
        <div className="h-8 w-64 animate-pulse rounded bg-slate-100 dark:bg-slate-800" />
        <div className="h-40 animate-pulse rounded-2xl bg-slate-100 dark:bg-slate-800" />
        <div className="h-64 animate-pulse rounded-2xl bg-slate-100 dark:bg-slate-800" />
      </div>
    );
  }
  if (!detail) {
    return (
      <LoadError what="The notification" error={error} onRetry={refetch} />
    );
  }

  const { notification: n, type, recipient } = detail;
  return (
    <div className="space-y-6">
      {error && (
        <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-100">
          Refreshing failed ({error}); showing what was last loaded.{" "}
          <button type="button" onClick={refetch} className="font-medium underline">
            Retry now
          </button>
        </p>
      )}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-sm">
            <Link href="/admin/deliveries" className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
              ← Deliveries
            </Link>
          </p>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight">{type.name}</h1>
          <p className="font-mono text-xs break-all text-slate-600 dark:text-slate-400">{n.id}</p>
        </div>
        <div className="flex items-center gap-2" aria-live="polite">
          <span className="sr-only">Status:</span>
          <StatusBadge status={n.status} />
          {detail.inProgress && (
            <span className="flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
              <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-sky-500" />
              In progress — refreshing every 2 s
            </span>
          )}
        </div>
      </div>

      <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900 empty:hidden dark:bg-emerald-500/10 dark:text-emerald-100">
        {notice}
      </p>

      <section aria-labelledby="summary-title" className={`${cardFlush} p-4`}>
        <h2 id="summary-title" className="sr-only">
          Summary
        </h2>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
          <Item label="Type">
            {type.name} <span className="text-slate-500 dark:text-slate-400">({type.key}{type.critical ? ", critical" : ""})</span>
          </Item>
          <Item label="Recipient">
            {recipient.name ?? recipient.externalId} <span className="text-slate-500 dark:text-slate-400">({recipient.externalId})</span>
            <span className="block text-xs break-words text-slate-600 dark:text-slate-400">{[recipient.email, recipient.phone, `${recipient.locale} · ${recipient.timezone}`].filter(Boolean).join(" · ")}</span>
          </Item>
          <Item label="Priority">{n.priority}</Item>
          <Item label="Requested">
            <time dateTime={n.createdAt}>{formatTimestamp(n.createdAt)}</time>
          </Item>
          <Item label="Started">{n.startedAt ? <time dateTime={n.startedAt}>{formatTimestamp(n.startedAt)}</time> : "—"}</Item>
          <Item label="Completed">
            {n.completedAt ? (
              <>
                <time dateTime={n.completedAt}>{formatTimestamp(n.completedAt)}</time>{" "}
                <span className="text-slate-500 dark:text-slate-400">({formatDuration(between(n.createdAt, n.completedAt))} after the request)</span>
              </>
            ) : (
              "—"
            )}
          </Item>
          {n.sendAt && (
            <Item label="Send at">
              <time dateTime={n.sendAt}>{formatTimestamp(n.sendAt)}</time>
            </Item>
          )}
          <Item label="Channels requested">{n.channels?.map((c) => channelLabels[c] ?? c).join(", ") ?? "the type's defaults"}</Item>
        </dl>
        <details className="mt-4 text-sm">
          <summary className="cursor-pointer rounded text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-slate-400 dark:hover:text-white">Data and content</summary>
          <pre className="mt-2 max-h-80 overflow-auto rounded-lg bg-slate-50 p-3 text-xs dark:bg-slate-950">{JSON.stringify({ data: n.data, content: n.content }, null, 2)}</pre>
        </details>
      </section>

      <section aria-labelledby="timeline-title" className="space-y-3">
        <h2 id="timeline-title" className="text-lg font-semibold">
          Deliveries
        </h2>
        {detail.deliveries.length === 0 ? (
          <p className={`${cardFlush} p-6 text-sm text-slate-600 dark:text-slate-400`}>{detail.inProgress ? "No channel has been planned yet." : "This notification has no deliveries."}</p>
        ) : (
          detail.deliveries.map((d) => (
            <article key={d.id} aria-labelledby={`delivery-${d.id}`} className={`${cardFlush} p-4`}>
              <header className="flex flex-wrap items-center justify-between gap-2">
                <h3 id={`delivery-${d.id}`} className="font-medium">
                  {channelLabels[d.channel] ?? d.channel} <span className="font-normal text-slate-500 dark:text-slate-400">via {d.provider ?? "no provider"}</span>
                </h3>
                <div className="flex items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
                  <span>
                    {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
                    {d.replayCount > 0 && ` · ${d.replayCount} replay${d.replayCount === 1 ? "" : "s"}`}
                  </span>
                  <span className="sr-only">final state:</span>
                  <StatusBadge status={d.status} />
                </div>
              </header>
              <dl className="mt-1 flex flex-wrap gap-x-4 text-xs text-slate-600 dark:text-slate-400">
                <div className="flex gap-1">
                  <dt>Delivery id</dt>
                  <dd className="font-mono break-all">{d.id}</dd>
                </div>
                {d.providerMessageId && (
                  <div className="flex gap-1">
                    <dt>Provider message</dt>
                    <dd className="font-mono break-all">{d.providerMessageId}</dd>
                  </div>
                )}
                {d.discardedAt && (
                  <div className="flex gap-1">
                    <dt>Discarded</dt>
                    <dd>{formatTimestamp(d.discardedAt)}</dd>
                  </div>
                )}
              </dl>
              {d.status === "queued" && d.nextAttemptAt && (
                <p className="mt-2 rounded-lg bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:bg-sky-500/10 dark:text-sky-100">
                  Waiting to retry: next attempt <time dateTime={d.nextAttemptAt}>{formatTimestamp(d.nextAttemptAt)}</time>
                </p>
              )}
              {canReplay && dead.includes(d.status) && !d.discardedAt && (
                <ReplayButton
                  deliveryId={d.id}
                  onQueued={(message) => {
                    setNotice(message);
                    refetch();
                  }}
                />
              )}
              <ol className="mt-3 space-y-0 border-l-2 border-slate-200 pl-4 dark:border-slate-700">
                {d.events.map((e) => (
                  <li key={e.id} className="relative pb-3 last:pb-0">
                    <span aria-hidden="true" className="absolute top-1.5 -left-[1.3rem] size-2.5 rounded-full border-2 border-white bg-slate-400 dark:border-slate-900" />
                    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                      <StatusBadge status={e.status} />
                      <time dateTime={e.occurredAt} className="text-xs tabular-nums text-slate-600 dark:text-slate-400">
                        {formatTimestamp(e.occurredAt, true)}
                      </time>
                      <span className="text-xs text-slate-500 dark:text-slate-400">+{formatDuration(between(n.createdAt, e.occurredAt))}</span>
                    </div>
                    {e.reason && <p className="mt-1 text-sm break-words"><ReasonText reason={e.reason} /></p>}
                    {nextAttemptOf(e.payload) && (
                      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                        Next attempt <time dateTime={nextAttemptOf(e.payload)!}>{formatTimestamp(nextAttemptOf(e.payload))}</time>
                      </p>
                    )}
                    {(e.providerCode || e.providerMessage) && (
                      <p className="mt-1 text-xs break-words text-slate-600 dark:text-slate-400">
                        {e.providerCode && (
                          <>
                            Code <code className="font-mono">{e.providerCode}</code>{" "}
                          </>
                        )}
                        {e.providerMessage && <>Response: {e.providerMessage}</>}
                      </p>
                    )}
                  </li>
                ))}
              </ol>
              {d.lastErrorMessage && !d.events.some((e) => e.reason === d.lastErrorMessage) && (
                <p className="mt-2 text-xs break-words text-rose-700 dark:text-rose-300">Last error: <ReasonText reason={d.lastErrorMessage} code={d.lastErrorCode} /></p>
              )}
            </article>
          ))
        )}
      </section>

      <section aria-labelledby="runs-title" className="space-y-3">
        <h2 id="runs-title" className="text-lg font-semibold">
          Durable runs
        </h2>
        {detail.durable.runs === null ? (
          <p className={`${cardFlush} p-6 text-sm text-slate-600 dark:text-slate-400`}>
            Runs are executed by {detail.durable.mode === "inngest-dev" ? "the Inngest Dev Server" : "Inngest"}, not the embedded executor: see them in{" "}
            {detail.durable.dashboardUrl ? (
              <a href={detail.durable.dashboardUrl} target="_blank" rel="noreferrer" className={linkClass}>
                the Inngest dashboard
              </a>
            ) : (
              "the Inngest dashboard"
            )}{" "}
            (search for the notification id).
          </p>
        ) : detail.durable.runs.length === 0 ? (
          <p className={`${cardFlush} p-6 text-sm text-slate-600 dark:text-slate-400`}>No run has started for this notification yet.</p>
        ) : (
          detail.durable.runs.map((run) => <RunCard key={run.id} run={run} />)
        )}
      </section>
    </div>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}

function RunCard({ run }: { run: Run }) {
  const error = errorText(run.error);
  return (
    <article aria-labelledby={`run-${run.id}`} className={`${cardFlush} p-4`}>
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={`run-${run.id}`} className="font-medium">
          {run.functionId.replace(/^herald-/, "")}
        </h3>
        <StatusBadge status={run.status} />
      </header>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        <span className="font-mono break-all">{run.id}</span> · started {formatTimestamp(run.startedAt ?? run.createdAt)}
        {run.endedAt && ` · took ${formatDuration(between(run.startedAt ?? run.createdAt, run.endedAt))}`}
      </p>
      {error && <p className="mt-2 text-sm break-words text-rose-700 dark:text-rose-300">{error}</p>}
      {run.steps.length > 0 && (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Steps of run {run.id}</caption>
            <thead className="text-xs text-slate-600 dark:text-slate-400">
              <tr>
                {["Step", "Kind", "Started", "Duration", "Attempts", "Error"].map((h) => (
                  <th key={h} scope="col" className={`py-1.5 pr-4 font-medium whitespace-nowrap ${h === "Started" ? "hidden sm:table-cell" : ""}`}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {run.steps.map((s) => (
                <tr key={s.hash} className="border-t border-slate-100 align-top dark:border-slate-800">
                  <th scope="row" className="py-1.5 pr-4 font-mono text-xs font-normal whitespace-nowrap">
                    {s.stepId ?? s.name ?? s.hash.slice(0, 8)}
                  </th>
                  <td className="py-1.5 pr-4 text-xs">{s.op}</td>
                  <td className="hidden py-1.5 pr-4 text-xs whitespace-nowrap tabular-nums sm:table-cell">{s.startedAt ? formatTimestamp(s.startedAt, true) : "—"}</td>
                  <td className="py-1.5 pr-4 text-xs tabular-nums">{formatDuration(s.durationMs)}</td>
                  <td className="py-1.5 pr-4 text-xs tabular-nums">{s.attempts}</td>
                  <td className="py-1.5 pr-4 text-xs break-words text-rose-700 dark:text-rose-300">{errorText(s.error) ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}

/** Replays one dead letter from its timeline; the page then follows the replay as it runs. */
function ReplayButton({ deliveryId, onQueued }: { deliveryId: string; onQueued: (message: string) => void }) {
  const [state, setState] = useState<{ busy: boolean; problem: string | null }>({ busy: false, problem: null });
  const replay = async () => {
    setState({ busy: true, problem: null });
    const result = await adminFetch<ReplayRequestResult>("/api/admin/dead-letters/replay", { method: "POST", body: { ids: [deliveryId] } });
    const problem = "error" in result ? result.error.message : result.data.replayed.length === 0 ? (result.data.skipped[0]?.reason ?? "nothing to replay") : null;
    setState({ busy: false, problem: problem && `Not replayed: ${problem}` });
    if (!("error" in result) && !problem) onQueued(`Replay ${result.data.replayed[0]!.replay} queued; the timeline below follows it.`);
  };
  return (
    <div className="mt-2 flex flex-wrap items-center gap-3 text-xs">
      <button
        type="button"
        disabled={state.busy}
        onClick={() => void replay()}
        className="rounded-md bg-brand-600 px-2.5 py-1 font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-50"
      >
        {state.busy ? "Replaying…" : "Replay this delivery"}
      </button>
      <Link href="/admin/dead-letters" className="font-medium text-brand-700 underline dark:text-brand-100">
        All dead letters
      </Link>
      {state.problem && (
        <span role="alert" className="text-rose-700 dark:text-rose-300">
          {state.problem}
        </span>
      )}
    </div>
  );
}
