import { useCallback, useState } from "react";
import { inboxSelectors, useGetInboxQuery, type InboxItemView, type InboxTab } from "@/lib/store/inbox-api";
import { useHeraldContext } from "./herald-context";
import { fromQueryError, type HeraldError } from "./herald-error";

export type HeraldNotification = InboxItemView;
export type NotificationsTab = InboxTab;
export type UseNotificationsOptions = { tab?: NotificationsTab; pageSize?: number };
export type UseNotificationsResult = {
  /** Newest first; live changes and the actions' optimistic updates show here at once. */
  items: HeraldNotification[];
  /** True until the first page has arrived. */
  loading: boolean;
  /** True while a page (the first or a later one) is being fetched. */
  fetching: boolean;
  error: HeraldError | null;
  hasMore: boolean;
  /** Fetches the next page into `items`; does nothing while one is on its way or when there is none. */
  loadMore: () => void;
  /** Fetches the list again from the start. */
  refetch: () => void;
};

/** The user's notifications in one tab ("all", "unread" or "archived"), page by page. */
export function useNotifications({ tab = "all", pageSize = 20 }: UseNotificationsOptions = {}): UseNotificationsResult {
  useHeraldContext();
  // The page cursor belongs to one tab and page size: another starts from the first page.
  const key = `${tab}:${pageSize}`;
  const [page, setPage] = useState<{ key: string; after: string | null }>({ key, after: null });
  const after = page.key === key ? page.after : null;
  const setAfter = useCallback((next: string | null) => setPage({ key, after: next }), [key]);
  const query = useGetInboxQuery({ tab, after, limit: pageSize });
  const { data, isLoading, isFetching, error, refetch } = query;
  const loadMore = useCallback(() => {
    if (data?.hasMore && data.after && !isFetching) setAfter(data.after);
  }, [data, isFetching, setAfter]);
  const reload = useCallback(() => (after ? setAfter(null) : void refetch()), [after, refetch, setAfter]);
  return {
    items: data ? inboxSelectors.selectAll(data.items) : [],
    loading: isLoading,
    fetching: isFetching,
    error: fromQueryError(error),
    hasMore: data?.hasMore ?? false,
    loadMore,
    refetch: reload,
  };
}
