// @vitest-environment jsdom
import { act, cleanup, render, renderHook, screen, waitFor } from "@testing-library/react";
import { SignJWT } from "jose";
import type { ReactNode } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

// Herald's handlers run in this process too. jsdom puts its own Uint8Array on the global, but
// Node's encoders and crypto answer Node's: jose would refuse every key. Node's comes back.
Object.assign(globalThis, { Uint8Array: Object.getPrototypeOf(Buffer.prototype).constructor as Uint8ArrayConstructor });
// Host-app user tokens on: set before anything reads (and caches) the environment.
const SECRET = "kit-hooks-test-secret-0123456789abcdef";
vi.stubEnv("HERALD_USER_TOKEN_SECRET", SECRET);
// The inbox handlers also publish each change to the live feed, through an executor this test
// does not run; they log that they could not, which is not what these tests are about.
vi.stubEnv("LOG_LEVEL", "silent");

const { HeraldProvider, NotificationFeed, PreferencesPanel, useNotificationActions, useNotifications, usePreferences, useUnreadCount } = await import("@/kit");
const { getDatabase } = await import("@/lib/db/get-database");
const { inboxItems, recipients } = await import("@/lib/db/schema");
const { serveRoutes } = await import("../support/serve-routes");

const token = (sub: string, secret = SECRET) =>
  new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(sub).setAudience("herald").setIssuedAt().setExpirationTime("5m").sign(new TextEncoder().encode(secret));

/**
 * The hooks against Herald's real inbox and preferences handlers, served over HTTP on an
 * in-memory database. Each test has its own user (a host user Herald has not seen before), and
 * its items are written straight into the database.
 */
describe("the host-app kit's hooks", { timeout: 20_000 }, () => {
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  beforeAll(async () => {
    await getDatabase();
    server = await serveRoutes({
      "/api/inbox": await import("@/app/api/inbox/route"),
      "/api/inbox/counts": await import("@/app/api/inbox/counts/route"),
      "/api/inbox/read-all": await import("@/app/api/inbox/read-all/route"),
      "/api/inbox/[id]": await import("@/app/api/inbox/[id]/route"),
      "/api/preferences": await import("@/app/api/preferences/route"),
    });
  });
  afterAll(() => server?.stop());
  afterEach(cleanup);

  let users = 0;
  /** A new host user with `count` unread items, titled "Item 1" (oldest) … "Item n" (newest). */
  async function userWithItems(count: number) {
    const sub = `kit-user-${++users}-${Date.now()}`;
    const { db } = await getDatabase();
    const [recipient] = await db.insert(recipients).values({ externalId: sub }).returning();
    if (count) {
      await db.insert(inboxItems).values(
        Array.from({ length: count }, (_, i) => ({ recipientId: recipient!.id, typeKey: "default", title: `Item ${i + 1}`, createdAt: new Date(Date.now() - (count - i) * 60_000) })),
      );
    }
    const getUserToken = vi.fn(() => token(sub));
    const wrapper = ({ children }: { children: ReactNode }) => (
      <HeraldProvider baseUrl={`${server.origin}/`} getUserToken={getUserToken} realtime="off">
        {children}
      </HeraldProvider>
    );
    const api = async (path: string) => (await fetch(`${server.origin}/api/${path}`, { headers: { authorization: `Bearer ${await token(sub)}` } })).json();
    return { sub, wrapper, getUserToken, api };
  }

  it("useNotifications pages through the user's items, newest first, with the host's token", async () => {
    const { wrapper, getUserToken } = await userWithItems(5);
    const { result } = renderHook(() => useNotifications({ pageSize: 2 }), { wrapper });
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.error).toBeNull();
    expect(result.current.items.map((i) => i.title)).toEqual(["Item 5", "Item 4"]);
    expect(result.current.hasMore).toBe(true);
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.items).toHaveLength(4));
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.items.map((i) => i.title)).toEqual(["Item 5", "Item 4", "Item 3", "Item 2", "Item 1"]));
    expect(result.current.hasMore).toBe(false);
    expect(getUserToken).toHaveBeenCalled();
  });

  it("useNotifications reports Herald's refusal of a token it did not sign", async () => {
    const forged = await token("mallory", "a-secret-herald-does-not-know-0123456789");
    const wrapper = ({ children }: { children: ReactNode }) => (
      <HeraldProvider baseUrl={server.origin} userToken={forged} realtime="off">
        {children}
      </HeraldProvider>
    );
    const { result } = renderHook(() => useNotifications(), { wrapper });
    await waitFor(() => expect(result.current.error).not.toBeNull());
    expect(result.current.error).toMatchObject({ status: 401 });
    expect(result.current.error!.message).toBeTruthy();
    expect(result.current.items).toEqual([]);
  });

  it("useNotificationActions marks read, unread, archives and marks all read; useUnreadCount follows at once and Herald agrees", async () => {
    const { wrapper, api } = await userWithItems(3);
    const { result } = renderHook(() => ({ list: useNotifications(), unread: useUnreadCount(), unreadTab: useNotifications({ tab: "unread" }), actions: useNotificationActions() }), { wrapper });
    await waitFor(() => expect(result.current.list.items).toHaveLength(3));
    await waitFor(() => expect(result.current.unread.unread).toBe(3));
    const newest = result.current.list.items[0]!;

    let done: Promise<void>;
    act(() => void (done = result.current.actions.markRead(newest)));
    // Optimistic: the count and the unread tab change before Herald answers.
    expect(result.current.unread.unread).toBe(2);
    await act(() => done);
    expect(result.current.list.items[0]!.readAt).not.toBeNull();
    expect(result.current.unreadTab.items.map((i) => i.title)).toEqual(["Item 2", "Item 1"]);
    expect((await api("inbox/counts")).data.unread).toBe(2);

    await act(() => result.current.actions.markUnread(result.current.list.items[0]!));
    expect(result.current.unread.unread).toBe(3);
    expect((await api("inbox/counts")).data.unread).toBe(3);

    await act(() => result.current.actions.archive(result.current.list.items[0]!));
    expect(result.current.list.items.map((i) => i.title)).toEqual(["Item 2", "Item 1"]);
    expect((await api("inbox?status=archived")).data.map((i: { title: string }) => i.title)).toEqual(["Item 3"]);

    await act(() => result.current.actions.markAllRead());
    expect(result.current.unread.unread).toBe(0);
    expect((await api("inbox/counts")).data.unread).toBe(0);
    expect(result.current.actions.error).toBeNull();
  });

  it("a refused change is put back and rejects with Herald's error", async () => {
    const { wrapper } = await userWithItems(1);
    const { result } = renderHook(() => ({ list: useNotifications(), unread: useUnreadCount(), actions: useNotificationActions() }), { wrapper });
    await waitFor(() => expect(result.current.unread.unread).toBe(1));
    const ghost = { ...result.current.list.items[0]!, id: "00000000-0000-4000-8000-000000000000" };
    let failure: unknown;
    await act(() => result.current.actions.markRead(ghost).catch((e: unknown) => void (failure = e)));
    expect(failure).toMatchObject({ status: 404 });
    expect(result.current.actions.error).toMatchObject({ status: 404 });
    expect(result.current.unread.unread).toBe(1);
  });

  it("usePreferences loads the matrix, saves a switch, and puts back what Herald refuses", async () => {
    const { wrapper, api } = await userWithItems(0);
    const { result } = renderHook(() => usePreferences(), { wrapper });
    await waitFor(() => expect(result.current.preferences).not.toBeNull());
    const comment = () => result.current.preferences!.types.find((t) => t.key === "comment.created")!;
    expect(comment().channels.email).toBe(true);

    let done: Promise<void>;
    act(() => void (done = result.current.update("comment.created", "email", false)));
    expect(result.current.saving).toBe(true);
    expect(comment().channels.email).toBe(false);
    await act(() => done);
    expect(result.current.saving).toBe(false);
    expect(result.current.error).toBeNull();
    const saved = (await api("preferences")).data.types.find((t: { key: string }) => t.key === "comment.created");
    expect(saved.channels.email).toBe(false);

    // Critical types stay on: Herald answers 422 naming the type, and the switch goes back.
    await act(() => result.current.update("security.alert", "email", false).catch(() => {}));
    expect(result.current.error).toMatchObject({ status: 422 });
    expect(result.current.error!.message).toMatch(/critical/);
    expect(result.current.preferences!.types.find((t) => t.key === "security.alert")!.channels.email).toBe(true);
  });

  it("the ready components render the hooks' data, with labelled controls", async () => {
    const { wrapper } = await userWithItems(2);
    render(
      <>
        <NotificationFeed />
        <PreferencesPanel />
      </>,
      { wrapper },
    );
    expect(await screen.findByRole("button", { name: "Mark read Item 2" })).toBeTruthy();
    expect(screen.getAllByRole("listitem").map((li) => li.querySelector(".herald-item-title")?.textContent)).toEqual(["Item 2", "Item 1"]);
    expect(screen.getByRole("tab", { name: "All" }).getAttribute("aria-selected")).toBe("true");
    expect(await screen.findByRole("checkbox", { name: "New comment: Email" })).toBeTruthy();
    expect((screen.getByRole("checkbox", { name: "Security alert: Email" }) as HTMLInputElement).disabled).toBe(true);
    expect(document.querySelector("style[data-herald-kit]")?.textContent).toContain("--herald-accent");
  });

  it("the hooks say so when used outside a HeraldProvider", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => renderHook(() => useUnreadCount())).toThrow(/inside <HeraldProvider>/);
    vi.mocked(console.error).mockRestore();
  });
});
