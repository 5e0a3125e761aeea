"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";

// Lists whose filters and page cursor live in the URL (deliveries, audit log), so a link
// reproduces the view. `from` and `to` are date-times: the form speaks local time, the URL ISO.

// datetime-local speaks the viewer's local time without an offset; the URL carries ISO with one.
const toLocalInput = (iso: string | null) => {
  if (!iso || Number.isNaN(Date.parse(iso))) return "";
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : "");

export const filterField = "w-full rounded-lg border border-slate-300 bg-white px-2.5 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-brand-500 dark:border-slate-700 dark:bg-slate-950";

/** The URL's filters as the list API's query, and how to change them or page on. */
export function useUrlFilters(filterKeys: readonly string[]) {
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
  const navigate = (next: URLSearchParams) => router.push(`${pathname}${next.size ? `?${next}` : ""}`, { scroll: false });
  const page = (after: string | null, back: string[]) => {
    const next = new URLSearchParams(query);
    if (after) next.set("after", after);
    else next.delete("after");
    setPrevious(back);
    navigate(next);
  };
  return {
    params,
    query,
    filtered: filterKeys.some((k) => params.get(k)),
    /** Applies the filter form's values (and starts from the newest page). */
    apply: (form: HTMLFormElement) => {
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
    },
    clear: () => navigate(new URLSearchParams()),
    pager: {
      paged: Boolean(params.get("after")),
      newerLabel: previous.length ? "← Newer" : "← Newest",
      newer: () => (previous.length ? page(previous.at(-1) || null, previous.slice(0, -1)) : page(null, [])),
      older: (after: string | null) => page(after, [...previous, params.get("after") ?? ""]),
    },
  };
}

export type UrlFilters = ReturnType<typeof useUrlFilters>;

/** Newer / older buttons under a list paged by cursor. */
export function UrlPager({ pager, hasMore, after }: { pager: UrlFilters["pager"]; hasMore: boolean; after: string | null }) {
  if (!hasMore && !pager.paged) return null;
  const button = "rounded-md px-3 py-1.5 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-slate-800";
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-2 border-t border-slate-100 px-4 py-3 text-sm dark:border-slate-800">
      {pager.paged ? (
        <button type="button" onClick={pager.newer} className={button}>
          {pager.newerLabel}
        </button>
      ) : (
        <span />
      )}
      {hasMore && (
        <button type="button" onClick={() => pager.older(after)} className={`${button} font-medium`}>
          Older →
        </button>
      )}
    </nav>
  );
}

export function FilterSelect({ label, name, value, options, onPick }: { label: string; name: string; value: string | null; options: (readonly [string, string])[]; onPick: (form: HTMLFormElement) => void }) {
  return (
    <label className="space-y-1 text-sm">
      <span className="text-slate-600 dark:text-slate-400">{label}</span>
      <select name={name} defaultValue={value ?? ""} onChange={(e) => e.currentTarget.form && onPick(e.currentTarget.form)} className={filterField}>
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

/** From / to inputs in the viewer's local time. */
export function TimeRangeFields({ params }: { params: URLSearchParams | ReturnType<typeof useSearchParams> }) {
  return (
    <>
      <label className="space-y-1 text-sm">
        <span className="text-slate-600 dark:text-slate-400">From</span>
        <input type="datetime-local" name="from" defaultValue={toLocalInput(params.get("from"))} className={filterField} />
      </label>
      <label className="space-y-1 text-sm">
        <span className="text-slate-600 dark:text-slate-400">To</span>
        <input type="datetime-local" name="to" defaultValue={toLocalInput(params.get("to"))} className={filterField} />
      </label>
    </>
  );
}

/** Apply and (when anything is filtered) Clear, under a filter form. */
export function FilterActions({ filters }: { filters: UrlFilters }) {
  return (
    <>
      <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500">
        Apply filters
      </button>
      {filters.filtered && (
        <button type="button" onClick={filters.clear} className="rounded-md px-3 py-1.5 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-slate-800">
          Clear
        </button>
      )}
    </>
  );
}
