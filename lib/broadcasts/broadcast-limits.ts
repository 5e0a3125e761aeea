// Bounds of one broadcast. A batch is one durable step: one transaction that accepts up to
// BROADCAST_BATCH_SIZE notifications (the 1,000 a send request may name) set-based, in-app
// items included, so a retry repeats at most one batch's work — and finds it already done.
export const BROADCAST_BATCH_SIZE = 1_000;
/** Recipients one broadcast may reach; a wider filter is refused, not silently cut. */
export const MAX_BROADCAST_RECIPIENTS = 1_000_000;
/** Steps one broadcast run may take: enough for the cap at the default batch size, and then some. */
export const MAX_BROADCAST_BATCHES = 1_100;
