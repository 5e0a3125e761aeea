"use client";

import { useEffect, useState } from "react";
import type { BroadcastProgress } from "@/lib/broadcasts/get-broadcast";
import { adminFetch } from "./admin-fetch";
import { buttonSecondary, card, EmptyState } from "./admin-ui";
import { StatusBadge } from "./status-badge";
import { ProgressBar } from "./broadcast-progress";

type Item = Omit<BroadcastProgress, "createdAt" | "updatedAt" | "completedAt"> & { createdAt: string | Date };
const POLL_MS = 1000;
const MAX_POLLS = 600;

function describeFilter(filter: Item["filter"]) {
  const parts = [
    filter.search && `matching “${filter.search}”`,
    filter.locale && `locale ${filter.locale}`,
    filter.hasEmail && "with email",
    filter.hasPhone && "with phone",
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "everyone";
}

/** Past and running broadcasts, newest first; running ones update until they finish. */
export function RecentBroadcasts({ initial }: { initial: { items: Item[]; after: string | null } }) {
  const [items, setItems] = useState(initial.items);
  const [after, setAfter] = useState(initial.after);
  const [loading, setLoading] = useState(false);
  const running = items.some((b) => b.status === "queued" || b.status === "running");

  useEffect(() => {
    if (!running) return;
    let polls = 0;
    const timer = setInterval(async () => {
      if (++polls > MAX_POLLS) return clearInterval(timer);
      const result = await adminFetch<Item[]>(`/api/admin/broadcasts?limit=${Math.max(items.length, 1)}`);
      if (!("error" in result)) setItems((old) => old.map((b) => result.data.find((n) => n.id === b.id) ?? b));
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, items.length]);

  const more = async () => {
    if (!after) return;
    setLoading(true);
    const result = await adminFetch<Item[]>(`/api/admin/broadcasts?limit=10&after=${after}`);
    setLoading(false);
    if ("error" in result) return;
    setItems((old) => [...old, ...result.data]);
    setAfter(result.after ?? null);
  };

  return (
    <section className="space-y-3" aria-labelledby="recent-broadcasts">
      <h2 id="recent-broadcasts" className="text-lg font-semibold">Recent broadcasts</h2>
      {items.length === 0 ? (
        <EmptyState title="No broadcasts yet">Choose “Broadcast to everyone matching a filter” above to send one.</EmptyState>
      ) : (
        <ul className="space-y-3">
          {items.map((b) => (
            <li key={b.id} className={`${card} space-y-2`}>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                <span className="font-medium">{String(b.request.type ?? "default")}</span>
                <span className="text-slate-500 dark:text-slate-400">to {describeFilter(b.filter)}</span>
                <StatusBadge status={b.status} />
                <time dateTime={new Date(b.createdAt).toISOString()} className="ml-auto text-slate-500 dark:text-slate-400">{new Date(b.createdAt).toLocaleString("en")}</time>
              </div>
              <ProgressBar label={`Broadcast of ${String(b.request.type ?? "default")}`} progress={b as unknown as BroadcastProgress} />
              <p className="text-xs text-slate-500 dark:text-slate-400">{b.percent} % · {b.accepted} of {Math.max(b.total, b.accepted)} recipients{b.error ? ` · ${b.error}` : ""}</p>
            </li>
          ))}
        </ul>
      )}
      {after && <button type="button" className={buttonSecondary} onClick={more} disabled={loading}>{loading ? "Loading…" : "Older broadcasts"}</button>}
    </section>
  );
}
