import type { AnnounceBroadcast } from "@/lib/broadcasts/start-broadcast";
import { inngest } from "./client";
import { broadcastRequested } from "./events";

/** broadcast/requested for a recorded broadcast; its id is derived from the broadcast, so a re-send is the same event. */
export const announceBroadcast: AnnounceBroadcast = (broadcastId) =>
  inngest.send(broadcastRequested.create({ broadcastId }, { id: `broadcast-${broadcastId}` }));
