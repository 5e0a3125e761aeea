import { useGetCountsQuery } from "@/lib/store/inbox-api";
import { useHeraldContext } from "./herald-context";
import { fromQueryError, type HeraldError } from "./herald-error";

export type UseUnreadCountResult = {
  /** Unread, unarchived notifications: what a badge shows. */
  unread: number;
  /** Not yet seen (the bell's panel was not opened since they came). */
  unseen: number;
  loading: boolean;
  error: HeraldError | null;
};

/** The user's unread count, kept live by the provider's realtime source and by the actions. */
export function useUnreadCount(): UseUnreadCountResult {
  useHeraldContext();
  const { data, isLoading, error } = useGetCountsQuery();
  return { unread: data?.unread ?? 0, unseen: data?.unseen ?? 0, loading: isLoading, error: fromQueryError(error) };
}
