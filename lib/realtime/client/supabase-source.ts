import { createBrowserClient } from "@supabase/ssr";
import type { RealtimeChannel } from "@supabase/supabase-js";
import type { InboxChangeMessage, RealtimeSource } from "./realtime-source";

export type SupabaseRealtimeConfig = { url: string; publishableKey: string };

type Broadcast = { event: string; payload: { op: InboxChangeMessage["event"]; item: InboxChangeMessage["item"] }; meta?: { id?: string } };

/**
 * The live feed over Supabase Realtime Broadcast: the private channel `user:<uid>:notifications`
 * that the inbox trigger publishes to with realtime.send, joined with the signed-in user's access
 * token (the `realtime.messages` policy decides who may join). supabase-js hands every refreshed
 * token to the open channel (`access_token`), and Phoenix rejoins after a dropped socket or a
 * refused join with its own backoff; each SUBSCRIBED — the first and every rejoin — asks for a
 * refetch, since Broadcast keeps nothing for a client that was away. A channel the server closes
 * (its token expired, or no longer authorizes it) is joined again with a fresh token.
 */
export function supabaseSource({ url, publishableKey }: SupabaseRealtimeConfig, { maxDelayMs = 30_000 } = {}): RealtimeSource {
  return {
    subscribe({ onMessage, onStatus, onResubscribed }) {
      // The browser client is one per page (@supabase/ssr keeps it), reading the session cookies.
      const supabase = createBrowserClient(url, publishableKey);
      let channel: RealtimeChannel | null = null;
      let stopped = false;
      let subscribed = false;
      let joining = false;
      let attempt = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;

      const rejoinLater = () => {
        const delay = Math.min(maxDelayMs, 1000 * 2 ** attempt++) * (0.5 + Math.random() / 2);
        timer = setTimeout(() => void join(), delay);
      };
      const join = async () => {
        if (stopped || joining) return;
        joining = true;
        try {
          await open();
        } finally {
          joining = false;
        }
      };
      const open = async () => {
        onStatus?.(subscribed ? "reconnecting" : "connecting");
        const { data } = await supabase.auth.getSession();
        if (stopped) return;
        // Signed out (or the session is gone): nothing to join until a sign-in brings a token.
        if (!data.session) return onStatus?.("paused");
        await supabase.realtime.setAuth(data.session.access_token);
        if (stopped) return;
        const joined = supabase
          .channel(`user:${data.session.user.id}:notifications`, { config: { private: true } })
          .on("broadcast", { event: "*" }, (message) => {
            const { payload, meta } = message as unknown as Broadcast;
            if (!payload?.item) return;
            onMessage({ id: Number(meta?.id) || 0, event: payload.op, item: payload.item });
          });
        channel = joined;
        joined.subscribe((status) => {
          if (stopped || channel !== joined) return;
          if (status === "SUBSCRIBED") {
            subscribed = true;
            attempt = 0;
            onStatus?.("open");
            onResubscribed?.();
          } else if (status === "CLOSED") {
            // Already gone from the socket; a leave now could end the next join of the topic.
            channel = null;
            onStatus?.("reconnecting");
            rejoinLater();
          } else {
            // CHANNEL_ERROR (socket lost, join refused) or TIMED_OUT: Phoenix rejoins by itself.
            onStatus?.("reconnecting");
          }
        });
      };

      const { data: listener } = supabase.auth.onAuthStateChange((event, session) => {
        // supabase-js also forwards refreshed tokens to Realtime; this keeps the source's own
        // view in step: a sign-out leaves the channel, a sign-in without one joins.
        if (event === "SIGNED_OUT" && channel) {
          const left = channel;
          channel = null;
          void supabase.removeChannel(left);
          onStatus?.("paused");
        } else if ((event === "SIGNED_IN" || event === "TOKEN_REFRESHED") && session && !channel && !joining && !stopped) {
          clearTimeout(timer);
          void join();
        }
      });
      void join();
      return () => {
        stopped = true;
        clearTimeout(timer);
        listener.subscription.unsubscribe();
        if (channel) void supabase.removeChannel(channel);
        channel = null;
      };
    },
  };
}
