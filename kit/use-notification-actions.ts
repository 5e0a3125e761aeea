import { useCallback, useMemo, useState } from "react";
import { useMarkAllReadMutation, useUpdateItemMutation, type InboxItemView, type ItemPatch } from "@/lib/store/inbox-api";
import { useHeraldContext } from "./herald-context";
import { fromQueryError, type HeraldError } from "./herald-error";

export type NotificationActions = {
  markRead: (item: InboxItemView) => Promise<void>;
  markUnread: (item: InboxItemView) => Promise<void>;
  archive: (item: InboxItemView) => Promise<void>;
  unarchive: (item: InboxItemView) => Promise<void>;
  markAllRead: () => Promise<void>;
  /** True while a change is on its way. */
  pending: boolean;
  /** The last change's failure (its optimistic update has been put back). */
  error: HeraldError | null;
};

/**
 * Changes to the user's notifications. Each applies at once to every list and count (optimistic)
 * and is put back if Herald refuses it; the promise rejects with a HeraldError then.
 */
export function useNotificationActions(): NotificationActions {
  useHeraldContext();
  const [updateItem, update] = useUpdateItemMutation();
  const [markAll, all] = useMarkAllReadMutation();
  const [error, setError] = useState<HeraldError | null>(null);
  const settle = useCallback(async (result: Promise<{ error?: unknown }>) => {
    const { error: failure } = await result;
    const reported = fromQueryError(failure);
    setError(reported);
    if (reported) throw reported;
  }, []);
  const patch = useCallback((item: InboxItemView, change: ItemPatch) => settle(updateItem({ item, patch: change })), [settle, updateItem]);
  const markAllRead = useCallback(() => settle(markAll()), [settle, markAll]);
  return useMemo(
    () => ({
      markRead: (item) => patch(item, { read: true }),
      markUnread: (item) => patch(item, { read: false }),
      archive: (item) => patch(item, { archived: true }),
      unarchive: (item) => patch(item, { archived: false }),
      markAllRead,
      pending: update.isLoading || all.isLoading,
      error,
    }),
    [patch, markAllRead, update.isLoading, all.isLoading, error],
  );
}
