// Scale benchmark: the queries whose cost could grow with history, on PostgreSQL with months of it.
// 10,000,000 deliveries (a notification to each of five channels), 1,000,000 inbox items and
// 1,000,000 old delivery events are generated set-based (bench/scale-data.ts); then, through the
// same lib functions the routes use:
//   delivery log   p50/p95 of the admin log's first page, of pages filtered by status, provider
//                  and recipient (substring search), and of the filter options
//   metrics        one /api/metrics scrape (the registry's text, Postgres figures included)
//   inbox          p50/p95 of the first page and of the unread/unseen/total counts
//   retention      deleting the old delivery events in batches (lib/retention) while intake
//                  (acceptNotifications, in-app) runs at a steady rate: intake p99 while it runs
//                  against idle (goal: within 2x)
// Prints figures; asserts nothing.
//   npm run bench:scale
//   HERALD_SCALE_DELIVERIES / HERALD_SCALE_INBOX / HERALD_SCALE_PRUNE (rows), HERALD_SCALE_RECIPIENTS,
//   HERALD_SCALE_SAMPLES, HERALD_SCALE_INTAKE_RATE (accepts/s), HERALD_SCALE_INTAKE_SECONDS and
//   HERALD_SCALE_DEADLINE_SECONDS (the most retention may take) to scale; a quick run:
//   HERALD_SCALE_DELIVERIES=100000 HERALD_SCALE_INBOX=20000 HERALD_SCALE_PRUNE=20000 npm run bench:scale
import { performance } from "node:perf_hooks";
import { getDeliveryFilterOptions } from "@/lib/admin/get-delivery-filter-options";
import { listDeliveries } from "@/lib/admin/list-deliveries";
import { openDatabase, type Database } from "@/lib/db/client";
import { setProcessDatabase } from "@/lib/db/get-database";
import { migrateDatabase } from "@/lib/db/migrate-database";
import { countInbox, listInboxPage } from "@/lib/db/queries/inbox";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { getEnv } from "@/lib/env";
import { getMetrics } from "@/lib/metrics/metrics-registry";
import { pruneBatch, retentionPolicyFromEnv } from "@/lib/retention/prune-old-rows";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { percentile } from "./percentile";
import { scaleRecipientIds, seedScale } from "./scale-data";
import { benchPostgres, percentiles, tracked } from "./support";

const size = (name: string, fallback: number) => Math.max(0, Math.floor(Number(process.env[name] ?? fallback)));
const DELIVERIES = size("HERALD_SCALE_DELIVERIES", 10_000_000);
const INBOX = size("HERALD_SCALE_INBOX", 1_000_000);
const PRUNE = size("HERALD_SCALE_PRUNE", 1_000_000);
const RECIPIENTS = Math.max(1, size("HERALD_SCALE_RECIPIENTS", Math.min(100_000, Math.max(1_000, DELIVERIES / 100))));
const INBOX_RECIPIENTS = Math.min(RECIPIENTS, 10_000);
const SAMPLES = Math.max(1, size("HERALD_SCALE_SAMPLES", 200));
const SCRAPES = 20;
const INTAKE_RATE = Math.max(1, size("HERALD_SCALE_INTAKE_RATE", 50));
const INTAKE_SECONDS = Math.max(1, size("HERALD_SCALE_INTAKE_SECONDS", 10));
const DEADLINE_SECONDS = Math.max(1, size("HERALD_SCALE_DEADLINE_SECONDS", 1_800));
/** Intake calls outstanding at most; one more is counted as an error, not queued. */
const MAX_IN_FLIGHT = 64;

const random = (n: number) => 1 + Math.floor(Math.random() * n);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `fn` run `n` times one after another: each call's time in ms. */
async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn(i);
    times.push(performance.now() - started);
  }
  return times;
}

const line = (label: string, times: number[]) => console.log(`${label.padEnd(38)} ${percentiles(times, [50, 95])}  (${times.length} runs)`);

/**
 * Accepts an in-app notification for a random seeded recipient every 1/rate s (not in bursts),
 * however long each takes, until `stop()` says so or `seconds` have gone; each accept's time.
 */
async function pacedIntake(database: Database, rate: number, seconds: number, stop: () => boolean = () => false) {
  const times: number[] = [];
  let errors = 0;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  for (let i = 0; i < rate * seconds && !stop(); i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await sleep(wait);
    if (inFlight.size >= MAX_IN_FLIGHT) {
      errors++;
      continue;
    }
    const body = { to: [`scale-${random(RECIPIENTS)}`], content: { in_app: { title: "Scale", body: `Intake ${i}` } } };
    const call = (async () => {
      const t = performance.now();
      try {
        await acceptNotifications(database.db, body, { scope: "bench", send: null });
        times.push(performance.now() - t);
      } catch {
        errors++;
      }
    })();
    inFlight.add(call);
    void call.finally(() => inFlight.delete(call));
  }
  await Promise.all(inFlight);
  return { times, errors, seconds: (performance.now() - started) / 1000 };
}

console.log(
  `scale: ${DELIVERIES.toLocaleString()} deliveries, ${INBOX.toLocaleString()} inbox items, ${PRUNE.toLocaleString()} old delivery events, ` +
    `${RECIPIENTS.toLocaleString()} recipients; ${SAMPLES} samples per query; PostgreSQL`,
);
const scratch = await benchPostgres();

// Seeding runs statements far longer than the app's statement timeout allows.
const seeding = tracked(await openDatabase({ kind: "postgres", url: scratch.url, poolMax: 1, statementTimeoutMs: 6 * 3_600_000 }), "close");
await migrateDatabase(seeding);
await seedDemoData(seeding);
const seededAt = performance.now();
await seedScale(
  seeding,
  { deliveries: DELIVERIES, inbox: INBOX, oldEvents: PRUNE, recipients: RECIPIENTS, inboxRecipients: INBOX_RECIPIENTS },
  (step) => console.log(`  seeded ${step}`),
);
console.log(`seeded in ${((performance.now() - seededAt) / 1000).toFixed(1)} s`);
await seeding.close();

// What follows runs as the app does: its pool size and statement timeout.
const database = tracked(await openDatabase({ kind: "postgres", url: scratch.url, poolMax: 10 }), "close");
setProcessDatabase(database);

line("delivery log, first page", await timed(SAMPLES, () => listDeliveries(database, {})));
line("delivery log, status=failed", await timed(SAMPLES, () => listDeliveries(database, { status: "failed" })));
line("delivery log, sms via twilio", await timed(SAMPLES, () => listDeliveries(database, { channel: "sms", provider: "twilio" })));
line("delivery log, recipient search", await timed(SAMPLES, () => listDeliveries(database, { recipient: `user${random(RECIPIENTS)}@` })));
line("delivery filter options", await timed(SAMPLES, () => getDeliveryFilterOptions(database)));

// The first scrape also folds the changes the seeding appended.
const { registry } = getMetrics();
const [first] = await timed(1, () => registry.metrics());
line(`metrics scrape (first: ${first!.toFixed(1)} ms)`, await timed(SCRAPES, () => registry.metrics()));

const inboxIds = await scaleRecipientIds(database, Array.from({ length: SAMPLES }, () => random(INBOX_RECIPIENTS)));
line("inbox first page", await timed(SAMPLES, (i) => listInboxPage(database.db, inboxIds[i]!, { limit: 20 })));
line("inbox counts (unread, unseen, total)", await timed(SAMPLES, (i) => countInbox(database.db, inboxIds[i]!)));

const idle = await pacedIntake(database, INTAKE_RATE, INTAKE_SECONDS);
console.log(`${"intake, idle".padEnd(38)} ${percentiles(idle.times)}  (${idle.times.length} accepted at ${INTAKE_RATE}/s, ${idle.errors} errors)`);

// Retention as the hourly run does it, batch after batch, with intake going on meanwhile.
const { batchSize } = retentionPolicyFromEnv(getEnv());
const before = new Date(Date.now() - 30 * 86_400_000);
const maxBatches = Math.ceil(PRUNE / batchSize) + 10;
const deadline = Date.now() + DEADLINE_SECONDS * 1000;
let pruned = 0;
let pruning = true;
const pruneStarted = performance.now();
const [, busy] = await Promise.all([
  (async () => {
    try {
      for (let batch = 0; batch < maxBatches && Date.now() < deadline; batch++) {
        const gone = await pruneBatch(database, "public.delivery_events", before, batchSize);
        pruned += gone;
        if (gone < batchSize) break;
      }
    } finally {
      pruning = false;
    }
  })(),
  pacedIntake(database, INTAKE_RATE, DEADLINE_SECONDS, () => !pruning),
]);
const pruneSeconds = (performance.now() - pruneStarted) / 1000;
const ratio = percentile(busy.times, 99) / percentile(idle.times, 99);
console.log(
  `${"retention, old delivery events".padEnd(38)} ${pruned.toLocaleString()} deleted in ${pruneSeconds.toFixed(1)} s ` +
    `(${Math.round(pruned / pruneSeconds).toLocaleString()} rows/s, batches of ${batchSize})`,
);
console.log(
  `${"intake, during retention".padEnd(38)} ${percentiles(busy.times)}  (${busy.times.length} accepted, ${busy.errors} errors); ` +
    `p99 ${ratio.toFixed(2)}x idle (goal ≤ 2x: ${ratio <= 2 ? "met" : "missed"})`,
);

await database.close();
await scratch.drop();
