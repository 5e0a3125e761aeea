import type { Metadata } from "next";
import Link from "next/link";
import { buttonPrimary, buttonSecondary, card, cardFlush, EmptyState, ErrorNote, inputClass, labelClass, linkClass, PageHeader } from "@/components/admin/admin-ui";
import { toHeraldApiError } from "@/lib/api/errors";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { getDatabase } from "@/lib/db/get-database";
import { searchRecipients, type RecipientPage } from "@/lib/recipients/search-recipients";

export const metadata: Metadata = { title: "Recipients" };

type Search = { search?: string; locale?: string; hasEmail?: string; hasPhone?: string; after?: string };

export default async function Page({ searchParams }: { searchParams: Promise<Search> }) {
  await requireAdminPage("admin:read");
  const query = await searchParams;
  const filter = Object.fromEntries(Object.entries(query).filter(([k, v]) => typeof v === "string" && v !== "" && ["search", "locale", "hasEmail", "hasPhone", "after"].includes(k)));
  let page: RecipientPage | null = null;
  let error: string | null = null;
  try {
    page = await searchRecipients((await getDatabase()).db, { ...filter, limit: 25 });
  } catch (e) {
    error = toHeraldApiError(e).message;
  }
  const { after: _after, ...withoutCursor } = filter;
  void _after;
  const next = page?.after ? `/admin/recipients?${new URLSearchParams({ ...withoutCursor, after: page.after })}` : null;
  return (
    <>
      <PageHeader title="Recipients" description="Everyone Herald can notify: search by name, email or id." />
      <form role="search" className={`${card} grid items-end gap-3 sm:grid-cols-[minmax(0,1fr)_8rem_auto_auto_auto]`} action="/admin/recipients">
        <div>
          <label htmlFor="recipient-search" className={labelClass}>Name, email or id</label>
          <input id="recipient-search" name="search" type="search" defaultValue={query.search ?? ""} className={inputClass} placeholder="e.g. alice" />
        </div>
        <div>
          <label htmlFor="recipient-locale" className={labelClass}>Locale</label>
          <input id="recipient-locale" name="locale" defaultValue={query.locale ?? ""} className={inputClass} placeholder="any" />
        </div>
        <label className="flex items-center gap-2 pb-2 text-sm"><input type="checkbox" name="hasEmail" value="true" defaultChecked={query.hasEmail === "true"} className="size-4 accent-brand-600" /> Has email</label>
        <label className="flex items-center gap-2 pb-2 text-sm"><input type="checkbox" name="hasPhone" value="true" defaultChecked={query.hasPhone === "true"} className="size-4 accent-brand-600" /> Has phone</label>
        <button type="submit" className={buttonPrimary}>Search</button>
      </form>
      {error && <ErrorNote>{error}</ErrorNote>}
      {page && page.items.length === 0 && <EmptyState title="No recipient matches">Try a shorter search or fewer filters.</EmptyState>}
      {page && page.items.length > 0 && (
        <div className={cardFlush}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Recipients</caption>
            <thead className="text-slate-500 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-4 py-3 font-medium">Name</th>
                <th scope="col" className="px-4 py-3 font-medium">Id</th>
                <th scope="col" className="hidden px-4 py-3 font-medium md:table-cell">Email</th>
                <th scope="col" className="hidden px-4 py-3 font-medium lg:table-cell">Phone</th>
                <th scope="col" className="hidden px-4 py-3 font-medium sm:table-cell">Locale · time zone</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {page.items.map((r) => (
                <tr key={r.id}>
                  <td className="px-4 py-2.5"><Link href={`/admin/recipients/${encodeURIComponent(r.externalId)}`} className={linkClass}>{r.name ?? r.externalId}</Link></td>
                  <td className="px-4 py-2.5 font-mono text-xs">{r.externalId}</td>
                  <td className="hidden px-4 py-2.5 md:table-cell">{r.email ?? <span className="text-slate-400">—</span>}</td>
                  <td className="hidden px-4 py-2.5 lg:table-cell">{r.phone ?? <span className="text-slate-400">—</span>}</td>
                  <td className="hidden px-4 py-2.5 sm:table-cell">{r.locale} · {r.timezone}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pages" className="flex gap-3">
        {filter.after && <Link href={`/admin/recipients?${new URLSearchParams(withoutCursor)}`} className={buttonSecondary}>First page</Link>}
        {next && <Link href={next} className={buttonSecondary}>Next page</Link>}
      </nav>
    </>
  );
}
