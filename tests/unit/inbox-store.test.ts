import { afterEach, describe, expect, it, vi } from "vitest";
import { inboxApi, inboxSelectors, type InboxItemView } from "@/lib/store/inbox-api";
import { makeStore } from "@/lib/store/make-store";

// The store against a scripted API: the server side is exercised by the integration and e2e
// tests; here what matters is what the cache does while a request is in flight and after it fails.
const item = (id: string, minutesAgo: number, read = false): InboxItemView => ({
  id,
  notificationId: null,
  typeKey: "default",
  title: `Item ${id}`,
  body: null,
  actionUrl: null,
  actions: [],
  seenAt: read ? new Date().toISOString() : null,
  readAt: read ? new Date().toISOString() : null,
  archivedAt: null,
  createdAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
});

function scriptedFetch(items: InboxItemView[], options: { failPatch?: boolean } = {}) {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url);
    if (url.pathname === "/api/inbox/counts") {
      return Response.json({ data: { unread: items.filter((i) => !i.readAt).length, unseen: items.filter((i) => !i.seenAt).length, total: items.length } });
    }
    if (url.pathname === "/api/inbox") {
      const status = url.searchParams.get("status");
      return Response.json({ data: status === "unread" ? items.filter((i) => !i.readAt) : status === "archived" ? [] : items, hasMore: false, after: null, counts: {} });
    }
    if (request.method === "PATCH") {
      await gate;
      if (options.failPatch) return Response.json({ error: { code: "internal_server_error", message: "boom" } }, { status: 500 });
      return Response.json({ data: { ...items[0], readAt: new Date().toISOString() } });
    }
    return Response.json({ error: { message: "unexpected" } }, { status: 404 });
  });
  vi.stubGlobal("fetch", fetchMock);
  return { release };
}

async function loaded(store: ReturnType<typeof makeStore>) {
  await store.dispatch(inboxApi.endpoints.getInbox.initiate({ tab: "all" }));
  await store.dispatch(inboxApi.endpoints.getInbox.initiate({ tab: "unread" }));
  await store.dispatch(inboxApi.endpoints.getCounts.initiate());
  const state = () => ({
    all: inboxSelectors.selectAll(inboxApi.endpoints.getInbox.select({ tab: "all" })(store.getState()).data!.items).map((i) => [i.id, Boolean(i.readAt)]),
    unread: inboxSelectors.selectIds(inboxApi.endpoints.getInbox.select({ tab: "unread" })(store.getState()).data!.items),
    counts: inboxApi.endpoints.getCounts.select()(store.getState()).data,
  });
  return state;
}

describe("inbox store", () => {
  afterEach(() => vi.unstubAllGlobals());
  const items = [item("b", 5), item("a", 1), item("c", 10, true)];

  it("keeps items newest first", async () => {
    scriptedFetch(items);
    const state = await loaded(makeStore({ apiBaseUrl: "http://herald.test/api/" }));
    expect(state().all.map(([id]) => id)).toEqual(["a", "b", "c"]);
  });

  it("marks read optimistically: list, unread tab and counts change before the server answers", async () => {
    const server = scriptedFetch(items);
    const store = makeStore({ apiBaseUrl: "http://herald.test/api/" });
    const state = await loaded(store);
    expect(state().counts).toMatchObject({ unread: 2 });
    const pending = store.dispatch(inboxApi.endpoints.updateItem.initiate({ item: items[1]!, patch: { read: true } }));
    expect(state().all).toContainEqual(["a", true]);
    expect(state().unread).toEqual(["b"]);
    expect(state().counts).toMatchObject({ unread: 1, unseen: 1 });
    server.release();
    await pending;
    expect(state().counts).toMatchObject({ unread: 1 });
  });

  it("rolls everything back when the server refuses", async () => {
    const server = scriptedFetch(items, { failPatch: true });
    const store = makeStore({ apiBaseUrl: "http://herald.test/api/" });
    const state = await loaded(store);
    const before = state();
    const pending = store.dispatch(inboxApi.endpoints.updateItem.initiate({ item: items[1]!, patch: { archived: true } }));
    expect(state().all.map(([id]) => id)).toEqual(["b", "c"]);
    expect(state().counts).toMatchObject({ unread: 1, total: 2 });
    server.release();
    await pending;
    expect(state()).toEqual(before);
  });
});
