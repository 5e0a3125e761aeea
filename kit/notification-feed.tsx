import { useId, useState, type KeyboardEvent } from "react";
import { formatRelativeTime } from "@/lib/format-relative-time";
import { useHeraldContext } from "./herald-context";
import { useNotificationActions } from "./use-notification-actions";
import { useNotifications, type HeraldNotification, type NotificationsTab } from "./use-notifications";

export type NotificationFeedProps = {
  /** The tab shown first. */
  initialTab?: NotificationsTab;
  pageSize?: number;
  /** The heading above the list. */
  title?: string;
  /** Called when an item (or its link) is opened, after it is marked read; the default follows its link. */
  onOpen?: (item: HeraldNotification) => void;
  className?: string;
};

const tabs: { key: NotificationsTab; label: string }[] = [
  { key: "all", label: "All" },
  { key: "unread", label: "Unread" },
  { key: "archived", label: "Archived" },
];

/** The user's notifications with tabs, read/unread/archive per item, "mark all read" and paging. */
export function NotificationFeed({ initialTab = "all", pageSize, title = "Notifications", onOpen, className = "" }: NotificationFeedProps) {
  const [tab, setTab] = useState<NotificationsTab>(initialTab);
  const { items, loading, error, hasMore, loadMore, fetching, refetch } = useNotifications({ tab, pageSize });
  const actions = useNotificationActions();
  const { locale } = useHeraldContext();
  const id = useId();

  const onTabKey = (event: KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.key === tab);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = tabs[(next + tabs.length) % tabs.length]!;
    setTab(target.key);
    document.getElementById(`${id}-tab-${target.key}`)?.focus();
  };
  const open = (item: HeraldNotification) => {
    if (!item.readAt) void actions.markRead(item).catch(() => {});
    if (onOpen) onOpen(item);
    else if (item.actionUrl) window.location.assign(item.actionUrl);
  };

  return (
    <section className={`herald-kit herald-surface herald-feed ${className}`} aria-labelledby={`${id}-title`}>
      <div className="herald-feed-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <button type="button" className="herald-link" onClick={() => void actions.markAllRead().catch(() => {})}>
          Mark all read
        </button>
      </div>
      <div className="herald-tabs" role="tablist" aria-label="Notification tabs" onKeyDown={onTabKey}>
        {tabs.map((t) => (
          <button
            key={t.key}
            id={`${id}-tab-${t.key}`}
            type="button"
            role="tab"
            className="herald-tab"
            aria-selected={tab === t.key}
            aria-controls={`${id}-panel`}
            tabIndex={tab === t.key ? 0 : -1}
            onClick={() => setTab(t.key)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-tab-${tab}`} aria-busy={fetching} style={{ overflowY: "auto" }}>
        {loading ? (
          <p className="herald-state" role="status">
            Loading notifications…
          </p>
        ) : error ? (
          <div className="herald-state" role="alert">
            <p className="herald-error">Notifications could not be loaded: {error.message}</p>
            <button type="button" className="herald-button" onClick={refetch}>
              Try again
            </button>
          </div>
        ) : items.length === 0 ? (
          <p className="herald-state">{tab === "unread" ? "You're all caught up." : tab === "archived" ? "Nothing archived." : "No notifications yet."}</p>
        ) : (
          <ul className="herald-list" aria-label={title}>
            {items.map((item) => (
              <li key={item.id} className="herald-item" data-herald-item={item.id} data-unread={!item.readAt}>
                <span className="herald-dot" data-read={Boolean(item.readAt)} aria-hidden="true" />
                <div className="herald-item-main">
                  {item.actionUrl || onOpen ? (
                    <button type="button" className="herald-item-title" style={{ border: 0, background: "none", padding: 0, textAlign: "left" }} onClick={() => open(item)}>
                      {item.title}
                    </button>
                  ) : (
                    <div className="herald-item-title">{item.title}</div>
                  )}
                  {!item.readAt && <span className="herald-sr"> (unread)</span>}
                  {item.body && <div className="herald-item-body">{item.body}</div>}
                  <time className="herald-item-time" dateTime={item.createdAt}>
                    {formatRelativeTime(new Date(item.createdAt), new Date(), locale)}
                  </time>
                  <div className="herald-item-actions">
                    {item.archivedAt ? (
                      <button type="button" className="herald-link" onClick={() => void actions.unarchive(item).catch(() => {})}>
                        Unarchive<span className="herald-sr"> {item.title}</span>
                      </button>
                    ) : (
                      <>
                        <button type="button" className="herald-link" onClick={() => void (item.readAt ? actions.markUnread(item) : actions.markRead(item)).catch(() => {})}>
                          {item.readAt ? "Mark unread" : "Mark read"}
                          <span className="herald-sr"> {item.title}</span>
                        </button>
                        <button type="button" className="herald-link" onClick={() => void actions.archive(item).catch(() => {})}>
                          Archive<span className="herald-sr"> {item.title}</span>
                        </button>
                      </>
                    )}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
        {hasMore && !loading && (
          <div className="herald-more">
            <button type="button" className="herald-button" onClick={loadMore} disabled={fetching}>
              {fetching ? "Loading…" : "Load more"}
            </button>
          </div>
        )}
        {actions.error && (
          <p className="herald-state herald-error" role="alert">
            That change did not go through: {actions.error.message}
          </p>
        )}
      </div>
    </section>
  );
}
