import { describe, expect, it } from "vitest";
import { isInternalPath } from "@/components/notifications/inbox-link";
import { actorOf } from "@/components/notifications/notification-item";
import type { InboxItemView } from "@/lib/store/inbox-api";

const item = (data?: Record<string, unknown>): InboxItemView => ({
  id: "1",
  notificationId: null,
  typeKey: "default",
  title: "Hello",
  body: null,
  actionUrl: null,
  actions: [],
  data,
  seenAt: null,
  readAt: null,
  archivedAt: null,
  createdAt: new Date(0).toISOString(),
});

describe("isInternalPath", () => {
  it("takes paths of this site and nothing that leaves it", () => {
    expect(["/inbox", "/preferences?x=1", "/"].map(isInternalPath)).toEqual([true, true, true]);
    expect(["//evil.example/x", "/\\evil.example", "https://example.com/", "javascript:alert(1)", "inbox", ""].map(isInternalPath)).toEqual([false, false, false, false, false, false]);
  });
});

describe("actorOf", () => {
  it("reads data.actor's name and a safe picture address", () => {
    expect(actorOf(item({ actor: { name: " Bob Chen ", avatarUrl: "https://cdn.example/b.png" } }))).toEqual({ name: "Bob Chen", avatarUrl: "https://cdn.example/b.png" });
    expect(actorOf(item({ actor: { name: "Priya", avatarUrl: "/avatars/priya.svg" } }))).toEqual({ name: "Priya", avatarUrl: "/avatars/priya.svg" });
  });

  it("drops a picture that is not https or a local path, and an actor without a name", () => {
    for (const avatarUrl of ["http://cdn.example/b.png", "javascript:alert(1)", "//cdn.example/b.png", 42]) {
      expect(actorOf(item({ actor: { name: "Bob", avatarUrl } }))).toEqual({ name: "Bob", avatarUrl: null });
    }
    for (const data of [undefined, {}, { actor: "Bob" }, { actor: { name: "  " } }, { actor: { name: 7 } }, { actor: null }]) {
      expect(actorOf(item(data))).toBeNull();
    }
  });
});
