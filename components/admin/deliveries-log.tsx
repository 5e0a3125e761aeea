"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import type { DeliveryLogRow } from "@/lib/admin/list-deliveries";
import { DeliveryRows } from "./delivery-rows";
import { channelLabels } from "./format";
import { useAdminFetch } from "./use-admin-fetch";
import { LoadError } from "./admin-ui";

const filterKeys = ["status", "channel", "provider", "recipient", "type", "from", "to"] as const;
type Page = { data: DeliveryLogRow[]; hasMore: boolean; after: string | null };

// datetime-local speaks the viewer's local time without an offset; the URL carries ISO with one.
const toLocalInput = (iso: string | null) => {
  if (!iso || Number.isNaN(Date.parse(iso))) return "";
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : "");

const field = "w-full rounded-lg border border-slate-300 bg-white px-2.5 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-brand-500 dark:border-slate-700 dark:bg-slate-950";

/** The delivery log with its filters; every filter and the page cursor live in the URL. */
export function DeliveriesLog({ statuses, channels, types, providers }: { statuses: readonly string[]; channels: readonly string[]; types: { key: string; name: string }[]; providers: string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [previous, setPrevious] = useState<string[]>([]);
  const query = new URLSearchParams();
  // `limit` is not offered as a control, but a link may carry it (and so keeps it when paging).
  for (const key of [...filterKeys, "limit", "after"]) {
    const value = params.get(key);
    if (value) query.set(key, value);
  }
  const { data, error, loading, refetch } = useAdminFetch<Page>(`/api/admin/deliveries?${query}`);
  const filtered = filterKeys.some((k) => params.get(k));

  const navigate = (next: URLSearchParams) => router.push(`${pathname}${next.size ? `?${next}` : ""}`, { scroll: false });
  const apply = (form: HTMLFormElement) => {
    const values = new FormData(form);
    const next = new URLSearchParams();
    const limit = params.get("limit");
    if (limit) next.set("limit", limit);
    for (const key of filterKeys) {
      let value = String(values.get(key) ?? "").trim();
      if (key === "from" || key === "to") value = fromLocalInput(value);
      if (value) next.set(key, value);
    }
    setPrevious([]);
    navigate(next);
  };
  const page = (after: string | null, back?: string[]) => {
    const next = new URLSearchParams(query);
    if (after) next.set("after", after);
    else next.delete("after");
    if (back) setPrevious(back);
    navigate(next);
  };

  return (
    <div className="space-y-4">
      <form
        key={params.toString()}
        aria-label="Filter deliveries"
        className="grid grid-cols-2 gap-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3 lg:grid-cols-4 dark:border-slate-800 dark:bg-slate-900"
        onSubmit={(e) => {
          e.preventDefault();
          apply(e.currentTarget);
        }}
      >
        <label className="col-span-2 space-y-1 text-sm sm:col-span-3 lg:col-span-2">
          <span className="text-slate-600 dark:text-slate-400">Recipient</span>
          <input type="search" name="recipient" defaultValue={params.get("recipient") ?? ""} placeholder="External id, email or name" className={field} />
        </label>
        <Select label="Status" name="status" value={params.get("status")} options={statuses.map((s) => [s, s])} onPick={apply} />
        <Select label="Channel" name="channel" value={params.get("channel")} options={channels.map((c) => [c, channelLabels[c] ?? c])} onPick={apply} />
        <Select label="Provider" name="provider" value={params.get("provider")} options={providers.map((p) => [p, p])} onPick={apply} />
        <Select label="Type" name="type" value={params.get("type")} options={types.map((t) => [t.key, `${t.name} (${t.key})`])} onPick={apply} />
        <label className="space-y-1 text-sm">
          <span className="text-slate-600 dark:text-slate-400">From</span>
          <input type="datetime-local" name="from" defaultValue={toLocalInput(params.get("from"))} className={field} />
        </label>
        <label className="space-y-1 text-sm">
          <span className="text-slate-600 dark:text-slate-400">To</span>
          <input type="datetime-local" name="to" defaultValue={toLocalInput(params.get("to"))} className={field} />
        </label>
        <div className="col-span-2 flex items-end gap-2 sm:col-span-3 lg:col-span-4">
          <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500">
            Apply filters
          </button>
          {filtered && (
            <button type="button" onClick={() => navigate(new URLSearchParams())} className="rounded-md px-3 py-1.5 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-slate-800">
              Clear
            </button>
          )}
        </div>
      </form>

      <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900" aria-busy={loading}>
        {loading ? (
          <ul aria-label="Loading deliveries" className="space-y-2 p-4">
            {[0, 1, 2, 3, 4].map((i) => (
              <li key={i} className="h-10 animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800" />
            ))}
          </ul>
        ) : error || !data ? (
          <div className="p-4">
            <LoadError what="The deliveries" error={error} onRetry={refetch} />
          </div>
        ) : data.data.length === 0 ? (
          <p className="p-10 text-center text-sm text-slate-600 dark:text-slate-400">{filtered ? "No delivery matches these filters." : "No deliveries yet."}</p>
        ) : (
          <DeliveryRows rows={data.data} caption="Deliveries, newest first" />
        )}
        {data && (data.hasMore || params.get("after")) && (
          <nav aria-label="Pages" className="flex items-center justify-between gap-2 border-t border-slate-100 px-4 py-3 text-sm dark:border-slate-800">
            {params.get("after") ? (
              <button
                type="button"
                onClick={() => (previous.length ? page(previous.at(-1) || null, previous.slice(0, -1)) : page(null, []))}
                className="rounded-md px-3 py-1.5 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-slate-800"
              >
                {previous.length ? "← Newer" : "← Newest"}
              </button>
            ) : (
              <span />
            )}
            {data.hasMore && (
              <button
                type="button"
                onClick={() => page(data.after, [...previous, params.get("after") ?? ""])}
                className="rounded-md px-3 py-1.5 font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-slate-800"
              >
                Older →
              </button>
            )}
          </nav>
        )}
      </div>
    </div>
  );
}

function Select({ label, name, value, options, onPick }: { label: string; name: string; value: string | null; options: (readonly [string, string])[]; onPick: (form: HTMLFormElement) => void }) {
  return (
    <label className="space-y-1 text-sm">
      <span className="text-slate-600 dark:text-slate-400">{label}</span>
      <select name={name} defaultValue={value ?? ""} onChange={(e) => e.currentTarget.form && onPick(e.currentTarget.form)} className={field}>
        <option value="">Any</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
