"use client";

import Link from "next/link";
import { Fragment, useState } from "react";
import type { AuditEntryView } from "@/lib/audit/list-audit-log";
import { LoadError, linkClass } from "./admin-ui";
import { formatTimestamp } from "./format";
import { TemplateDiff } from "./template-diff";
import { FilterActions, filterField, FilterSelect, TimeRangeFields, UrlPager, useUrlFilters } from "./url-filtered-list";
import { useAdminFetch } from "./use-admin-fetch";

const filterKeys = ["actor", "action", "targetType", "from", "to"] as const;
type Page = { data: AuditEntryView[]; hasMore: boolean; after: string | null };

const actorKinds = { user: "member", api_key: "API key", cli: "CLI", system: "Herald" } as const;

/** Where an entry's target can be seen in the admin, when it has a page. */
function targetHref({ type, id }: AuditEntryView["target"]): string | null {
  if (!id) return null;
  if (type === "type") return `/admin/templates/${encodeURIComponent(id)}`;
  if (type === "template") return `/admin/templates/${encodeURIComponent(id.split("/")[0]!)}`;
  if (type === "delivery" || type === "notification") return `/admin/deliveries/${id}`;
  if (type === "recipient") return `/admin/recipients/${encodeURIComponent(id)}`;
  return null;
}

// The diff compares each top-level field's JSON, so a change reads field by field.
const asFields = (value: unknown): Record<string, string> =>
  value && typeof value === "object" && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, JSON.stringify(v, null, 2) ?? ""]))
    : value === null || value === undefined
      ? {}
      : { value: JSON.stringify(value, null, 2) };

/** The audit log with its filters in the URL; each entry opens to its before/after diff. */
export function AuditLog({ actions, targetTypes }: { actions: readonly string[]; targetTypes: readonly string[] }) {
  const filters = useUrlFilters(filterKeys);
  const { params, apply } = filters;
  const { data, error, loading, refetch } = useAdminFetch<Page>(`/api/admin/audit?${filters.query}`);
  const [open, setOpen] = useState<string | null>(null);

  return (
    <div className="space-y-4">
      <form
        key={params.toString()}
        aria-label="Filter the audit log"
        className="grid grid-cols-2 gap-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3 lg:grid-cols-5 dark:border-slate-800 dark:bg-slate-900"
        onSubmit={(e) => {
          e.preventDefault();
          apply(e.currentTarget);
        }}
      >
        <label className="col-span-2 space-y-1 text-sm sm:col-span-3 lg:col-span-1">
          <span className="text-slate-600 dark:text-slate-400">Actor</span>
          <input type="search" name="actor" defaultValue={params.get("actor") ?? ""} placeholder="Email, key name, id or cli" className={filterField} />
        </label>
        <FilterSelect label="Action" name="action" value={params.get("action")} options={actions.map((a) => [a, a])} onPick={apply} />
        <FilterSelect label="Target" name="targetType" value={params.get("targetType")} options={targetTypes.map((t) => [t, t.replace("_", " ")])} onPick={apply} />
        <TimeRangeFields params={params} />
        <div className="col-span-2 flex items-end gap-2 sm:col-span-3 lg:col-span-5">
          <FilterActions filters={filters} />
        </div>
      </form>

      <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900" aria-busy={loading}>
        {loading ? (
          <ul aria-label="Loading the audit log" className="space-y-2 p-4">
            {[0, 1, 2, 3, 4].map((i) => (
              <li key={i} className="h-10 animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800" />
            ))}
          </ul>
        ) : error || !data ? (
          <div className="p-4">
            <LoadError what="The audit log" error={error} onRetry={refetch} />
          </div>
        ) : data.data.length === 0 ? (
          <p className="p-10 text-center text-sm text-slate-600 dark:text-slate-400">{filters.filtered ? "No entry matches these filters." : "No changes recorded yet."}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Audit log, newest first</caption>
              <thead className="text-slate-500 dark:text-slate-400">
                <tr>
                  <th scope="col" className="px-4 py-3 font-medium">When</th>
                  <th scope="col" className="px-4 py-3 font-medium">Who</th>
                  <th scope="col" className="px-4 py-3 font-medium">Action</th>
                  <th scope="col" className="px-4 py-3 font-medium">Target</th>
                  <th scope="col" className="px-4 py-3 font-medium"><span className="sr-only">Changes</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {data.data.map((entry) => {
                  const href = targetHref(entry.target);
                  const expanded = open === entry.id;
                  return (
                    <Fragment key={entry.id}>
                      <tr data-testid="audit-entry">
                        <td className="px-4 py-2.5 whitespace-nowrap"><time dateTime={entry.createdAt}>{formatTimestamp(entry.createdAt)}</time></td>
                        <td className="px-4 py-2.5">
                          <span className="break-all">{entry.actor.name}</span>{" "}
                          <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">{actorKinds[entry.actor.type]}</span>
                        </td>
                        <td className="px-4 py-2.5 font-mono text-xs">{entry.action}</td>
                        <td className="px-4 py-2.5">
                          <span className="text-slate-500 dark:text-slate-400">{entry.target.type.replace("_", " ")}</span>{" "}
                          {entry.target.id && (href ? <Link href={href} className={`${linkClass} break-all`}>{entry.target.id}</Link> : <code className="break-all text-xs">{entry.target.id}</code>)}
                        </td>
                        <td className="px-4 py-2.5 text-right">
                          <button
                            type="button"
                            aria-expanded={expanded}
                            aria-controls={`audit-${entry.id}`}
                            onClick={() => setOpen(expanded ? null : entry.id)}
                            className="rounded-md px-2.5 py-1 text-sm font-medium text-brand-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100 dark:hover:bg-slate-800"
                          >
                            {expanded ? "Hide changes" : "Changes"}
                          </button>
                        </td>
                      </tr>
                      {expanded && (
                        <tr id={`audit-${entry.id}`}>
                          <td colSpan={5} className="bg-slate-50 px-4 py-3 dark:bg-slate-950/40">
                            <TemplateDiff from={asFields(entry.before)} to={asFields(entry.after)} fromLabel="before" toLabel="after" />
                            {(entry.requestId || entry.ip) && (
                              <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
                                {entry.requestId && <>Request <code>{entry.requestId}</code> </>}
                                {entry.ip && <>from <code>{entry.ip}</code></>}
                              </p>
                            )}
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {data && <UrlPager pager={filters.pager} hasMore={data.hasMore} after={data.after} />}
      </div>
    </div>
  );
}
