import { createEntityAdapter, type EntityState } from "@reduxjs/toolkit";
import { createApi, fetchBaseQuery, type BaseQueryFn, type FetchArgs, type FetchBaseQueryError } from "@reduxjs/toolkit/query/react";
import type { RealtimeSource } from "@/lib/realtime/client/realtime-source";
import { realtimeStatusChanged } from "./realtime-status-slice";

export type InboxItemView = {
  id: string;
  notificationId: string | null;
  typeKey: string;
  title: string;
  body: string | null;
  actionUrl: string | null;
  actions: { label: string; url: string; style?: "primary" | "secondary" }[];
  /** The notification's data; `data.actor` ({ name, avatarUrl? }) is shown beside the item. */
  data?: Record<string, unknown>;
  seenAt: string | null;
  readAt: string | null;
  archivedAt: string | null;
  createdAt: string;
};
export type InboxTab = "all" | "unread" | "archived";
/**
 * What the store is given from outside: where live changes come from (none on the server), the
 * API's base URL, and — on a host app's page — the user token to send with every call.
 */
export type StoreExtra = { realtime?: RealtimeSource; apiBaseUrl?: string; userToken?: () => Promise<string> };

// Same-origin "/api/" in the browser; an absolute base where there is no page (tests, scripts,
// a host app's page).
const baseQueries = new Map<string, ReturnType<typeof fetchBaseQuery>>();
const baseQuery: BaseQueryFn<string | FetchArgs, unknown, FetchBaseQueryError> = (args, api, extraOptions) => {
  const extra = api.extra as StoreExtra | undefined;
  const baseUrl = extra?.apiBaseUrl ?? "/api/";
  let query = baseQueries.get(baseUrl);
  if (!query) {
    const prepareHeaders = async (headers: Headers, { extra: current }: { extra: unknown }) => {
      const userToken = (current as StoreExtra | undefined)?.userToken;
      if (userToken) headers.set("authorization", `Bearer ${await userToken()}`);
      return headers;
    };
    baseQueries.set(baseUrl, (query = fetchBaseQuery({ baseUrl, prepareHeaders })));
  }
  return query(args, api, extraOptions);
};
export type InboxCounts = { unread: number; unseen: number; total: number };
export type InboxList = { items: EntityState<InboxItemView, string>; hasMore: boolean; after: string | null };

// Newest first, ties broken by id: the same order as the API's cursor.
export const inboxAdapter = createEntityAdapter<InboxItemView>({
  sortComparer: (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
});
export const inboxSelectors = inboxAdapter.getSelectors();

export type InboxListArgs = { tab: InboxTab; type?: string | null; after?: string | null; limit?: number };

const belongs = ({ tab, type }: InboxListArgs, item: InboxItemView) =>
  (!type || item.typeKey === type) &&
  (tab === "archived" ? Boolean(item.archivedAt) : !item.archivedAt && (tab === "all" || !item.readAt));

/** Converts the live feed's snake_case rows into the API's shape. */
function fromRow(row: Record<string, unknown>): InboxItemView {
  return {
    id: String(row.id),
    notificationId: (row.notification_id as string | null) ?? null,
    typeKey: String(row.type_key),
    title: String(row.title),
    body: (row.body as string | null) ?? null,
    actionUrl: (row.action_url as string | null) ?? null,
    actions: (row.actions as InboxItemView["actions"]) ?? [],
    data: (row.data as Record<string, unknown> | null) ?? {},
    seenAt: (row.seen_at as string | null) ?? null,
    readAt: (row.read_at as string | null) ?? null,
    archivedAt: (row.archived_at as string | null) ?? null,
    createdAt: new Date(String(row.created_at)).toISOString(),
  };
}

export type ItemPatch = { seen?: boolean; read?: boolean; archived?: boolean };

function applyPatch(item: InboxItemView, patch: ItemPatch, now: string): InboxItemView {
  const next = { ...item };
  const read = patch.archived ? true : patch.read;
  if (patch.seen !== undefined) next.seenAt = patch.seen ? (item.seenAt ?? now) : null;
  if (read !== undefined) {
    next.readAt = read ? (item.readAt ?? now) : null;
    if (read) next.seenAt = item.seenAt ?? now;
  }
  if (patch.archived !== undefined) next.archivedAt = patch.archived ? (item.archivedAt ?? now) : null;
  return next;
}

/** Counts that move with one item's change (null = absent), so the badge never disagrees with the list. */
function countDelta(before: InboxItemView | null, after: InboxItemView | null): InboxCounts {
  const live = (i: InboxItemView) => !i.archivedAt;
  const d = (f: (i: InboxItemView) => boolean) => Number(after ? f(after) : false) - Number(before ? f(before) : false);
  return { unread: d((i) => live(i) && !i.readAt), unseen: d((i) => live(i) && !i.seenAt), total: d(live) };
}

export const inboxApi = createApi({
  reducerPath: "inboxApi",
  baseQuery,
  tagTypes: ["Inbox", "Counts"],
  endpoints: (build) => ({
    getInbox: build.query<InboxList, InboxListArgs>({
      query: ({ tab, type, after, limit }) =>
        `inbox?status=${tab}&limit=${limit ?? 20}${type ? `&type=${encodeURIComponent(type)}` : ""}${after ? `&after=${encodeURIComponent(after)}` : ""}`,
      transformResponse: (response: { data: InboxItemView[]; hasMore: boolean; after: string | null }) => ({
        items: inboxAdapter.setAll(inboxAdapter.getInitialState(), response.data),
        hasMore: response.hasMore,
        after: response.after,
      }),
      // One cache entry per tab and type filter; later pages merge into it (infinite scroll by cursor).
      serializeQueryArgs: ({ queryArgs }) => `${queryArgs.tab}:${queryArgs.type ?? ""}`,
      merge: (cache, incoming, { arg }) => {
        if (!arg.after) return incoming;
        inboxAdapter.upsertMany(cache.items, inboxSelectors.selectAll(incoming.items));
        cache.hasMore = incoming.hasMore;
        cache.after = incoming.after;
      },
      forceRefetch: ({ currentArg, previousArg }) => currentArg?.after !== previousArg?.after,
      providesTags: ["Inbox"],
    }),

    getCounts: build.query<InboxCounts, void>({
      query: () => "inbox/counts",
      transformResponse: (response: { data: InboxCounts }) => response.data,
      serializeQueryArgs: () => "counts",
      providesTags: ["Counts"],
      // The live feed is applied here, once per app: lists and counts follow each change.
      async onCacheEntryAdded(_arg, { dispatch, getState, cacheDataLoaded, cacheEntryRemoved, extra }) {
        const source = (extra as StoreExtra | undefined)?.realtime;
        if (!source) return;
        try {
          await cacheDataLoaded;
        } catch {
          return;
        }
        let first = true;
        const stop = source.subscribe({
          onStatus: (status) => dispatch(realtimeStatusChanged(status)),
          onResubscribed: () => {
            // Realtime is best-effort: after a (re)connection, resync from the API.
            if (!first) dispatch(inboxApi.util.invalidateTags(["Inbox", "Counts"]));
            first = false;
          },
          onMessage: ({ event, item: row }) => {
            const item = fromRow(row);
            const cached = inboxApi.util.selectCachedArgsForQuery(getState() as never, "getInbox");
            // The counts move with the list at once; the refetch below then confirms them.
            const previous =
              cached
                .map((args) => inboxApi.endpoints.getInbox.select(args)(getState() as never).data?.items.entities[item.id])
                .find(Boolean) ?? null;
            if (previous || event === "INSERT") {
              const delta = countDelta(previous, event === "DELETE" ? null : item);
              dispatch(
                inboxApi.util.updateQueryData("getCounts", undefined, (draft) => {
                  draft.unread += delta.unread;
                  draft.unseen += delta.unseen;
                  draft.total += delta.total;
                }),
              );
            }
            for (const args of cached) {
              dispatch(
                inboxApi.util.updateQueryData("getInbox", args, (draft) => {
                  const known = draft.items.entities[item.id];
                  if (event === "DELETE" || !belongs(args, item)) {
                    if (known) inboxAdapter.removeOne(draft.items, item.id);
                  } else {
                    inboxAdapter.upsertOne(draft.items, item);
                  }
                }),
              );
            }
            dispatch(inboxApi.util.invalidateTags(["Counts"]));
            window.dispatchEvent(new CustomEvent("herald:inbox-change", { detail: { event, item } }));
          },
        });
        await cacheEntryRemoved;
        stop();
      },
    }),

    updateItem: build.mutation<InboxItemView, { item: InboxItemView; patch: ItemPatch }>({
      query: ({ item, patch }) => ({ url: `inbox/${item.id}`, method: "PATCH", body: patch }),
      transformResponse: (response: { data: InboxItemView }) => response.data,
      // Optimistic: every cached tab and the counts change at once; a failure puts them back.
      async onQueryStarted({ item, patch }, { dispatch, getState, queryFulfilled }) {
        const next = applyPatch(item, patch, new Date().toISOString());
        const delta = countDelta(item, next);
        const undo = [
          ...inboxApi.util.selectCachedArgsForQuery(getState() as never, "getInbox").map((args) =>
            dispatch(
              inboxApi.util.updateQueryData("getInbox", args, (draft) => {
                if (belongs(args, next)) inboxAdapter.upsertOne(draft.items, next);
                else inboxAdapter.removeOne(draft.items, item.id);
              }),
            ),
          ),
          dispatch(
            inboxApi.util.updateQueryData("getCounts", undefined, (draft) => {
              draft.unread += delta.unread;
              draft.unseen += delta.unseen;
              draft.total += delta.total;
            }),
          ),
        ];
        try {
          await queryFulfilled;
        } catch {
          for (const patchResult of undo) patchResult.undo();
        }
      },
    }),

    markAllRead: build.mutation<{ updated: number }, void>({
      query: () => ({ url: "inbox/read-all", method: "POST" }),
      transformResponse: (response: { data: { updated: number } }) => response.data,
      async onQueryStarted(_arg, { dispatch, getState, queryFulfilled }) {
        const now = new Date().toISOString();
        const undo = [
          ...inboxApi.util.selectCachedArgsForQuery(getState() as never, "getInbox").map((args) =>
            dispatch(
              inboxApi.util.updateQueryData("getInbox", args, (draft) => {
                if (args.tab === "unread") return void inboxAdapter.removeAll(draft.items);
                for (const item of inboxSelectors.selectAll(draft.items)) {
                  if (!item.readAt) inboxAdapter.updateOne(draft.items, { id: item.id, changes: { readAt: now, seenAt: item.seenAt ?? now } });
                }
              }),
            ),
          ),
          dispatch(inboxApi.util.updateQueryData("getCounts", undefined, (draft) => void Object.assign(draft, { unread: 0, unseen: 0 }))),
        ];
        try {
          await queryFulfilled;
        } catch {
          for (const patchResult of undo) patchResult.undo();
        }
      },
    }),
  }),
});

export const { useGetInboxQuery, useGetCountsQuery, useUpdateItemMutation, useMarkAllReadMutation } = inboxApi;
