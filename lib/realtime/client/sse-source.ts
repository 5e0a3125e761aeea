import type { InboxChangeMessage, RealtimeSource } from "./realtime-source";

type Raw = { op: InboxChangeMessage["event"]; item: InboxChangeMessage["item"] };

/**
 * The live feed over Server-Sent Events. Reconnects with capped, jittered backoff, resuming from
 * the last event id; closes while the tab is hidden and reopens (and resyncs) when it is shown.
 */
export function sseSource(url = "/api/inbox/stream", { maxDelayMs = 30_000 } = {}): RealtimeSource {
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
      const open = () => {
        if (stopped || document.visibilityState === "hidden") return;
        onStatus?.(attempt === 0 ? "connecting" : "reconnecting");
        source = new EventSource(lastEventId ? `${url}?lastEventId=${lastEventId}` : url);
        for (const name of ["INSERT", "UPDATE", "DELETE"]) source.addEventListener(name, handle as EventListener);
        source.onopen = () => {
          attempt = 0;
          onStatus?.("open");
          onResubscribed?.();
        };
        source.onerror = () => {
          source?.close();
          source = null;
          const delay = Math.min(maxDelayMs, 500 * 2 ** attempt++) * (0.5 + Math.random() / 2);
          onStatus?.("reconnecting");
          timer = setTimeout(open, delay);
        };
      };
      const onVisibility = () => {
        if (document.visibilityState === "hidden") {
          clearTimeout(timer);
          source?.close();
          source = null;
          onStatus?.("paused");
        } else if (!source) {
          attempt = 0;
          open();
        }
      };
      document.addEventListener("visibilitychange", onVisibility);
      open();
      return () => {
        stopped = true;
        clearTimeout(timer);
        source?.close();
        document.removeEventListener("visibilitychange", onVisibility);
      };
    },
  };
}
