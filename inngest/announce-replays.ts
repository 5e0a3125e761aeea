import type { AnnounceReplays } from "@/lib/admin/request-delivery-replays";
import { inngest } from "./client";
import { deliveryReplayRequested } from "./events";

/** delivery/replay.requested per claimed delivery; the id names the replay, so a re-send is the same event. */
export const announceReplays: AnnounceReplays = (replays) =>
  inngest.send(replays.map((r) => deliveryReplayRequested.create(r, { id: `delivery-replay-${r.deliveryId}-${r.replay}` })));
