"use client";

import type { DeliveryLogRow } from "@/lib/admin/list-deliveries";
import { DeliveryRows } from "./delivery-rows";
import { channelLabels } from "./format";
import { useAdminFetch } from "./use-admin-fetch";
import { LoadError } from "./admin-ui";
import { FilterActions, filterField, FilterSelect, TimeRangeFields, UrlPager, useUrlFilters } from "./url-filtered-list";

const filterKeys = ["status", "channel", "provider", "recipient", "type", "from", "to"] as const;
type Page = { data: DeliveryLogRow[]; hasMore: boolean; after: string | null };

/** The delivery log with its filters; every filter and the page cursor live in the URL. */
export function DeliveriesLog({ statuses, channels, types, providers }: { statuses: readonly string[]; channels: readonly string[]; types: { key: string; name: string }[]; providers: string[] }) {
  const filters = useUrlFilters(filterKeys);
  const { params, apply } = filters;
  const { data, error, loading, refetch } = useAdminFetch<Page>(`/api/admin/deliveries?${filters.query}`);

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
          <input type="search" name="recipient" defaultValue={params.get("recipient") ?? ""} placeholder="External id, email or name" className={filterField} />
        </label>
        <FilterSelect label="Status" name="status" value={params.get("status")} options={statuses.map((s) => [s, s])} onPick={apply} />
        <FilterSelect label="Channel" name="channel" value={params.get("channel")} options={channels.map((c) => [c, channelLabels[c] ?? c])} onPick={apply} />
        <FilterSelect label="Provider" name="provider" value={params.get("provider")} options={providers.map((p) => [p, p])} onPick={apply} />
        <FilterSelect label="Type" name="type" value={params.get("type")} options={types.map((t) => [t.key, `${t.name} (${t.key})`])} onPick={apply} />
        <TimeRangeFields params={params} />
        <div className="col-span-2 flex items-end gap-2 sm:col-span-3 lg:col-span-4">
          <FilterActions filters={filters} />
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
          <p className="p-10 text-center text-sm text-slate-600 dark:text-slate-400">{filters.filtered ? "No delivery matches these filters." : "No deliveries yet."}</p>
        ) : (
          <DeliveryRows rows={data.data} caption="Deliveries, newest first" />
        )}
        {data && <UrlPager pager={filters.pager} hasMore={data.hasMore} after={data.after} />}
      </div>
    </div>
  );
}
