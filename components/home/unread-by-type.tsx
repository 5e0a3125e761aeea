import { getFormatter, getTranslations } from "next-intl/server";
import type { UnreadByType } from "@/lib/inbox/count-unread-by-type";

/** What is waiting, per notification type. */
export async function UnreadByTypeCard({ rows }: { rows: UnreadByType[] }) {
  const t = await getTranslations("UnreadByType");
  const format = await getFormatter();
  return (
    <section aria-labelledby="unread-by-type" className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 id="unread-by-type" className="text-sm font-semibold">
        {t("heading")}
      </h2>
      {rows.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500 dark:text-slate-400">{t("empty")}</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {rows.map((row) => (
            <li key={row.typeKey} data-unread-type={row.typeKey} className="flex items-center justify-between gap-3 py-2">
              <span className="min-w-0 truncate">{row.name}</span>
              <span className="rounded-full bg-brand-50 px-2 text-xs font-semibold leading-5 text-brand-700 dark:bg-brand-500/15 dark:text-brand-100">
                <span aria-hidden="true">{format.number(row.unread)}</span>
                <span className="sr-only">{t("unread", { count: row.unread })}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
