"use client";

import { useState } from "react";
import type { DeliveryLogRow } from "@/lib/admin/list-deliveries";
import { DeliveryRows } from "./delivery-rows";
import { channelLabels } from "./format";
import { adminFetch } from "./admin-fetch";
import { useAdminFetch } from "./use-admin-fetch";
import { LoadError } from "./admin-ui";
import { useCan } from "./member-role";

type Page = { data: DeliveryLogRow[]; hasMore: boolean; after: string | null };
type Outcome = { kind: "ok" | "error"; text: string };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Dead letters with selection, replay and discard. Replays go through the durable path. */
export function DeadLettersList({ channels }: { channels: readonly string[] }) {
  const canManage = useCan("dead_letters:write");
  const [channel, setChannel] = useState("");
  const [cursors, setCursors] = useState<string[]>([""]);
  const after = cursors.at(-1)!;
  const url = `/api/admin/dead-letters?${new URLSearchParams({ ...(channel ? { channel } : {}), ...(after ? { after } : {}) })}`;
  const { data, error, loading, refetch } = useAdminFetch<Page>(url);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<null | "replay" | "discard">(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const rows = data?.data ?? [];
  const chosen = rows.filter((r) => selected.has(r.id)).map((r) => r.id);

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  const act = async (action: "replay" | "discard") => {
    if (chosen.length === 0 || busy) return;
    if (action === "discard" && !window.confirm(`Discard ${plural(chosen.length, "dead letter")}? They leave this list for good; their history stays.`)) return;
    setBusy(action);
    setOutcome(null);
    const result = await adminFetch<{ replayed?: unknown[]; discarded?: unknown[]; skipped: { reason: string }[] }>(`/api/admin/dead-letters/${action}`, {
      method: "POST",
      body: { ids: chosen },
    });
    setBusy(null);
    if ("error" in result) {
      setOutcome({ kind: "error", text: `Nothing was ${action === "replay" ? "replayed" : "discarded"}: ${result.error.message}` });
      return;
    }
    const done = (action === "replay" ? result.data.replayed : result.data.discarded)?.length ?? 0;
    const skipped = result.data.skipped;
    setOutcome({
      kind: "ok",
      text:
        (action === "replay" ? `${plural(done, "replay")} queued; follow them in each notification's timeline.` : `${plural(done, "dead letter")} discarded.`) +
        (skipped.length ? ` ${skipped.length} skipped (${[...new Set(skipped.map((s) => s.reason))].join("; ")}).` : ""),
    });
    setSelected(new Set());
    setCursors([""]);
    refetch();
  };

  const button = "rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:cursor-not-allowed disabled:opacity-50";
  return (
    <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-3 dark:border-slate-800">
        {canManage && (
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-4 accent-brand-600"
              disabled={rows.length === 0}
              checked={rows.length > 0 && chosen.length === rows.length}
              onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
            />
            Select all on this page
          </label>
        )}
        <label className="flex items-center gap-2 text-sm">
          <span className="text-slate-600 dark:text-slate-400">Channel</span>
          <select
            value={channel}
            onChange={(e) => {
              setChannel(e.target.value);
              setCursors([""]);
              setSelected(new Set());
            }}
            className="rounded-lg border border-slate-300 bg-white px-2 py-1.5 focus-visible:outline-2 focus-visible:outline-brand-500 dark:border-slate-700 dark:bg-slate-950"
          >
            <option value="">All channels</option>
            {channels.map((c) => (
              <option key={c} value={c}>
                {channelLabels[c] ?? c}
              </option>
            ))}
          </select>
        </label>
        {canManage ? (
          <div className="flex w-full gap-2 sm:ml-auto sm:w-auto">
            <button type="button" disabled={chosen.length === 0 || busy !== null} onClick={() => void act("replay")} className={`${button} bg-brand-600 text-white hover:bg-brand-700`}>
              {busy === "replay" ? "Replaying…" : `Replay${chosen.length ? ` ${chosen.length}` : ""}`}
            </button>
            <button
              type="button"
              disabled={chosen.length === 0 || busy !== null}
              onClick={() => void act("discard")}
              className={`${button} text-rose-700 ring-1 ring-rose-300 hover:bg-rose-50 dark:text-rose-200 dark:ring-rose-500/40 dark:hover:bg-rose-500/10`}
            >
              {busy === "discard" ? "Discarding…" : `Discard${chosen.length ? ` ${chosen.length}` : ""}`}
            </button>
          </div>
        ) : (
          <p className="text-sm text-slate-500 sm:ml-auto dark:text-slate-400">Replaying and discarding need the admin role.</p>
        )}
      </div>
      <div aria-live="polite" className="empty:hidden">
        {outcome && (
          <p
            role={outcome.kind === "error" ? "alert" : "status"}
            className={`border-b px-4 py-2 text-sm ${outcome.kind === "error" ? "border-rose-200 bg-rose-50 text-rose-900 dark:border-rose-500/30 dark:bg-rose-500/10 dark:text-rose-100" : "border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-500/30 dark:bg-emerald-500/10 dark:text-emerald-100"}`}
          >
            {outcome.text}
          </p>
        )}
      </div>
      <div aria-busy={loading}>
        {loading ? (
          <ul aria-label="Loading dead letters" className="space-y-2 p-4">
            {[0, 1, 2].map((i) => (
              <li key={i} className="h-10 animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800" />
            ))}
          </ul>
        ) : error || !data ? (
          <div className="p-4">
            <LoadError what="The dead letters" error={error} onRetry={refetch} />
          </div>
        ) : rows.length === 0 ? (
          <div className="p-10 text-center">
            <p className="font-medium">No dead letters{channel ? ` on ${channelLabels[channel] ?? channel}` : ""}.</p>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Every failed delivery has been delivered, replayed or discarded.</p>
          </div>
        ) : (
          <DeliveryRows rows={rows} caption="Dead letters, newest first" selection={canManage ? { selected, toggle } : undefined} />
        )}
      </div>
      {data && (data.hasMore || cursors.length > 1) && (
        <nav aria-label="Pages" className="flex justify-between border-t border-slate-100 px-4 py-3 text-sm dark:border-slate-800">
          {cursors.length > 1 ? (
            <button type="button" onClick={() => setCursors(cursors.slice(0, -1))} className="rounded-md px-3 py-1.5 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-slate-800">
              ← Newer
            </button>
          ) : (
            <span />
          )}
          {data.hasMore && (
            <button type="button" onClick={() => setCursors([...cursors, data.after!])} className="rounded-md px-3 py-1.5 font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-slate-800">
              Older →
            </button>
          )}
        </nav>
      )}
    </div>
  );
}
