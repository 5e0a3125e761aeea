import { corsPreflight } from "@/lib/api/cors";
import { withUser } from "@/lib/auth/with-auth";
import { openEventStream } from "@/lib/realtime/open-event-stream";
import { getRealtimeHub } from "@/lib/realtime/realtime-hub";
import { shutdownSignal } from "@/lib/shutdown/graceful-shutdown";

export const dynamic = "force-dynamic";

// GET /api/inbox/stream – Server-Sent Events of the signed-in user's inbox changes; send
// Last-Event-ID (or ?lastEventId=) to receive what was missed while disconnected. A host page
// (user token) opens it with ?ticket= from POST /api/inbox/stream-ticket.
export const GET = withUser(async ({ req, database, user }) => {
  const url = new URL(req.url);
  const lastEventId = Number(req.headers.get("last-event-id") ?? url.searchParams.get("lastEventId") ?? 0) || 0;
  const stream = openEventStream(getRealtimeHub(database), user.inboxTopic, {
    lastEventId,
    // Ends on shutdown too, so the server can close; the client reconnects (to another process).
    signal: AbortSignal.any([req.signal, shutdownSignal]),
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}, { streamTicket: true });

export const OPTIONS = corsPreflight;
