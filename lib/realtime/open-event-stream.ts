import type { RealtimeHub, RealtimeMessage } from "./realtime-hub";

const encoder = new TextEncoder();
const frame = (m: RealtimeMessage) => encoder.encode(`id: ${m.id}\nevent: ${m.event}\ndata: ${JSON.stringify(m.payload)}\n\n`);

/**
 * A Server-Sent Events stream of one topic: first whatever came after `lastEventId` (so a
 * reconnect misses nothing), then live messages, with a heartbeat comment every `heartbeatMs`.
 * Live messages are subscribed to before the replay is read and de-duplicated by id, so
 * nothing falls in the gap between the two.
 */
export function openEventStream(hub: RealtimeHub, topic: string, options: { lastEventId: number; signal: AbortSignal; heartbeatMs?: number }): ReadableStream<Uint8Array> {
  let unsubscribe: (() => void) | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  const close = () => {
    unsubscribe?.();
    clearInterval(heartbeat);
  };
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      // Ids already sent; a message is never sent twice nor dropped for arriving out of order
      // (transactions commit in any order; ids are handed out at insert time).
      const sent = new Set<number>();
      let replaying = true;
      const buffered: RealtimeMessage[] = [];
      const send = (m: RealtimeMessage) => {
        if (m.id <= options.lastEventId || sent.has(m.id)) return;
        sent.add(m.id);
        try {
          controller.enqueue(frame(m));
        } catch {
          close();
        }
      };
      unsubscribe = await hub.subscribe(topic, (m) => (replaying ? buffered.push(m) : send(m)));
      controller.enqueue(encoder.encode(`retry: 2000\n: connected\n\n`));
      if (options.lastEventId > 0) for (const m of await hub.since(topic, options.lastEventId)) send(m);
      replaying = false;
      for (const m of buffered.sort((a, b) => a.id - b.id)) send(m);
      heartbeat = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(`: heartbeat\n\n`));
        } catch {
          close();
        }
      }, options.heartbeatMs ?? 15_000);
      const end = () => {
        close();
        try {
          controller.close();
        } catch {
          // Already closed.
        }
      };
      // Aborted while we were replaying (the client left, or the process is shutting down).
      if (options.signal.aborted) return end();
      options.signal.addEventListener("abort", end);
    },
    cancel: close,
  });
}
