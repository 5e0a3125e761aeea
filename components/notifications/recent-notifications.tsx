import type { InboxItem } from "@/lib/db/schema";
import { formatRelativeTime } from "@/lib/format-relative-time";

export function RecentNotifications({ items }: { items: InboxItem[] }) {
  if (items.length === 0) {
    return (
      <section aria-labelledby="recent-heading" className="rounded-2xl border border-dashed border-slate-300 p-10 text-center dark:border-slate-700">
        <h2 id="recent-heading" className="font-medium">No notifications yet</h2>
        <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">When something happens, it shows up here.</p>
      </section>
    );
  }
  const now = new Date();
  return (
    <section aria-labelledby="recent-heading" className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 id="recent-heading" className="border-b border-slate-200 px-5 py-3 text-sm font-semibold dark:border-slate-800">
        Recent notifications
      </h2>
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {items.map((item) => (
          <li key={item.id} className="flex gap-3 px-5 py-4">
            <span
              aria-label={item.readAt ? "Read" : "Unread"}
              className={`mt-2 size-2 shrink-0 rounded-full ${item.readAt ? "bg-transparent" : "bg-brand-500"}`}
            />
            <div className="min-w-0 flex-1">
              <p className={`text-sm ${item.readAt ? "text-slate-700 dark:text-slate-300" : "font-semibold"}`}>{item.title}</p>
              {item.body && <p className="mt-0.5 text-sm text-slate-500 dark:text-slate-400">{item.body}</p>}
            </div>
            <time dateTime={item.createdAt.toISOString()} className="shrink-0 text-xs text-slate-500 dark:text-slate-400">
              {formatRelativeTime(item.createdAt, now)}
            </time>
          </li>
        ))}
      </ul>
    </section>
  );
}
