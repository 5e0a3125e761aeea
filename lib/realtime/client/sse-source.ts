import type { InboxChangeMessage, RealtimeSource } from "./realtime-source";

type Raw = { op: InboxChangeMessage["event"]; item: InboxChangeMessage["item"] };

/**
 * The live feed over Server-Sent Events. Reconnects with capped, jittered backoff, resuming from
 * the last event id; closes while the tab is hidden and reopens (and resyncs) when it is shown.
 * Without a network it waits, saying "offline", and reconnects the moment the browser is back
 * online: the backoff is for a server that refuses, not for a network that was away.
 * On a host app's page, where a user token stands in for the session cookie, `ticket` fetches a
 * fresh stream ticket before each (re)connection (EventSource cannot send headers).
 */
export function sseSource(
  url = "/api/inbox/stream",
  { maxDelayMs = 30_000, ticket }: { maxDelayMs?: number; ticket?: () => Promise<string> } = {},
): RealtimeSource {
  return {
    subscribe({ onMessage, onStatus, onResubscribed }) {
      let source: EventSource | null = null;
      let lastEventId = 0;
      let attempt = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stopped = false;

      const handle = (event: MessageEvent<string>) => {
        lastEventId = Math.max(lastEventId, Number(event.lastEventId) || 0);
        const raw = JSON.parse(event.data) as Raw;
        onMessage({ id: Number(event.lastEventId), event: raw.op, item: raw.item });
      };
      const offline = () => typeof navigator !== "undefined" && navigator.onLine === false;
      const retry = () => {
        if (offline()) {
          onStatus?.("offline");
          return;
        }
        const delay = Math.min(maxDelayMs, 500 * 2 ** attempt++) * (0.5 + Math.random() / 2);
        onStatus?.("reconnecting");
        timer = setTimeout(open, delay);
      };
      const open = async () => {
        if (stopped || document.visibilityState === "hidden") return;
        onStatus?.(attempt === 0 ? "connecting" : "reconnecting");
        const params = new URLSearchParams();
        if (lastEventId) params.set("lastEventId", String(lastEventId));
        if (ticket) {
          try {
            params.set("ticket", await ticket());
          } catch {
            return retry();
          }
          if (stopped || source) return;
        }
        source = new EventSource(params.size ? `${url}?${params}` : url);
        for (const name of ["INSERT", "UPDATE", "DELETE"]) source.addEventListener(name, handle as EventListener);
        source.onopen = () => {
          attempt = 0;
          onStatus?.("open");
          onResubscribed?.();
        };
        source.onerror = () => {
          source?.close();
          source = null;
          retry();
        };
      };
      const onVisibility = () => {
        if (document.visibilityState === "hidden") {
          clearTimeout(timer);
          source?.close();
          source = null;
          onStatus?.("paused");
        } else if (!source && !offline()) {
          attempt = 0;
          void open();
        }
      };
      const onOffline = () => {
        clearTimeout(timer);
        source?.close();
        source = null;
        onStatus?.("offline");
      };
      const onOnline = () => {
        clearTimeout(timer);
        if (source) return;
        attempt = 0;
        void open();
      };
      document.addEventListener("visibilitychange", onVisibility);
      window.addEventListener("offline", onOffline);
      window.addEventListener("online", onOnline);
      if (offline()) onStatus?.("offline");
      else void open();
      return () => {
        stopped = true;
        clearTimeout(timer);
        source?.close();
        document.removeEventListener("visibilitychange", onVisibility);
        window.removeEventListener("offline", onOffline);
        window.removeEventListener("online", onOnline);
      };
    },
  };
}
