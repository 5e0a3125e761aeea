import { isFailed, isReached } from "@/lib/notifications/delivery-status";

const tones: Record<string, string> = {
  good: "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/15 dark:text-emerald-200 dark:ring-emerald-400/30",
  bad: "bg-rose-50 text-rose-800 ring-rose-600/20 dark:bg-rose-500/15 dark:text-rose-200 dark:ring-rose-400/30",
  busy: "bg-sky-50 text-sky-800 ring-sky-600/20 dark:bg-sky-500/15 dark:text-sky-200 dark:ring-sky-400/30",
  warn: "bg-amber-50 text-amber-900 ring-amber-600/20 dark:bg-amber-500/15 dark:text-amber-200 dark:ring-amber-400/30",
  quiet: "bg-slate-100 text-slate-700 ring-slate-500/20 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600/40",
};

const toneOf = (status: string) =>
  (isReached(status) && status !== "complained") || ["completed", "active", "enabled", "endpoint_accepted"].includes(status)
    ? "good"
    : isFailed(status) || ["replay_failed", "revoked", "disabled"].includes(status)
      ? "bad"
      : ["queued", "processing", "accepted", "running", "scheduled", "sleeping", "waiting", "replay_requested", "sending", "retry_scheduled", "deferred"].includes(status)
        ? "busy"
        : status === "partial" || status === "complained"
          ? "warn"
          : "quiet";

/** A status as a coloured pill; the word is always there, so colour is never the only signal. */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tones[toneOf(status)]}`}>
      {label ?? status.replaceAll("_", " ")}
    </span>
  );
}
