/** A change to one of the signed-in user's inbox items, as the live feed carries it. */
export type InboxChangeMessage = {
  id: number;
  event: "INSERT" | "UPDATE" | "DELETE";
  item: Record<string, unknown> & { id: string };
};

export type RealtimeStatus = "connecting" | "open" | "paused" | "reconnecting" | "offline";

/**
 * Where live inbox changes come from. The embedded default uses Server-Sent Events; a Supabase
 * Realtime Broadcast source (a private channel per user) plugs in behind the same shape.
 * `onResubscribed` fires after every (re)connection: delivery is best-effort, so the caller
 * refetches then.
 */
export interface RealtimeSource {
  subscribe(handlers: {
    onMessage: (message: InboxChangeMessage) => void;
    onStatus?: (status: RealtimeStatus) => void;
    onResubscribed?: () => void;
  }): () => void;
}
