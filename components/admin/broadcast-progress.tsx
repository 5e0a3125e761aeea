"use client";

import { useEffect, useEffectEvent, useState } from "react";
import type { BroadcastProgress as Progress } from "@/lib/broadcasts/get-broadcast";
import { adminFetch } from "./admin-fetch";
import { card, ErrorNote } from "./admin-ui";
import { StatusBadge } from "./status-badge";

// Polls while the fan-out runs; gives up after ten minutes of no completion (the page can be reloaded).
const POLL_MS = 500;
const MAX_POLLS = (10 * 60_000) / POLL_MS;

/** A broadcast's live progress: accepted of total, as a progress bar that ends at 100 %; `onDone` once it has finished. */
export function BroadcastProgress({ id, onDone }: { id: string; onDone?: () => void }) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const done = useEffectEvent(() => onDone?.());
  useEffect(() => {
    let stopped = false;
    let polls = 0;
    const poll = async () => {
      const result = await adminFetch<Progress>(`/api/admin/broadcasts/${id}`);
      if (stopped) return;
      if ("error" in result) setError(result.error.message);
      else {
        setError(null);
        setProgress(result.data);
        if (result.data.status === "completed" || result.data.status === "failed") return done();
      }
      if (++polls < MAX_POLLS) setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [id]);

  const percent = progress?.percent ?? 0;
  return (
    <section className={`${card} space-y-3`} aria-label="Broadcast progress">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">Broadcast</h2>
        {progress && <StatusBadge status={progress.status} />}
      </div>
      <ProgressBar label="Broadcast progress" progress={progress} />
      <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
        {progress
          ? `${percent} % — ${progress.accepted} of ${Math.max(progress.total, progress.accepted)} recipients accepted${progress.status === "completed" ? "; deliveries continue in the background." : "…"}`
          : "Starting…"}
      </p>
      {progress?.error && <ErrorNote>{progress.error}</ErrorNote>}
      {error && <ErrorNote>{error}</ErrorNote>}
    </section>
  );
}

export function ProgressBar({ label, progress }: { label: string; progress: Progress | null }) {
  const percent = progress?.percent ?? 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={progress ? `${percent} %: ${progress.accepted} of ${Math.max(progress.total, progress.accepted)} recipients` : "Starting"}
      className="h-3 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
    >
      <div className={`h-full rounded-full transition-[width] ${progress?.status === "failed" ? "bg-red-500" : "bg-brand-600"}`} style={{ width: `${percent}%` }} />
    </div>
  );
}
