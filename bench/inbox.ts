// Inbox query benchmark: 1,000,000 inbox items over 10,000 recipients; p95 of the first page,
// a deep cursor page and the unread count for random recipients, on PostgreSQL and PGlite side
// by side, through the same query code the API uses. Prints figures; asserts nothing.
//   npm run bench:inbox          (BENCH_INBOX_ITEMS / BENCH_INBOX_RECIPIENTS to scale)
import { performance } from "node:perf_hooks";
import { openDatabase, type Database } from "@/lib/db/client";
import { countInbox, listInboxPage } from "@/lib/db/queries/inbox";
import { migrateDatabase } from "@/lib/db/migrate-database";
import { createScratchDatabase } from "../tests/support/scratch-database";
import { percentile } from "./percentile";

const ITEMS = Number(process.env.BENCH_INBOX_ITEMS ?? 1_000_000);
const RECIPIENTS = Number(process.env.BENCH_INBOX_RECIPIENTS ?? 10_000);
const SAMPLES = Number(process.env.BENCH_INBOX_SAMPLES ?? 300);

async function seed(database: Database) {
  const started = performance.now();
  await database.query(
    `insert into recipients (external_id, name) select 'bench-' || g, 'Bench ' || g from generate_series(1, $1) g`,
    [RECIPIENTS],
  );
  // Items spread over 90 days; a third unread, a tenth archived. The realtime trigger is off
  // while seeding: a million NOTIFYs would measure the seeding, not the queries.
  await database.query("alter table inbox_items disable trigger inbox_items_broadcast");
  const batch = 100_000;
  for (let offset = 0; offset < ITEMS; offset += batch) {
    await database.query(
      `insert into inbox_items (recipient_id, type_key, title, created_at, read_at, seen_at, archived_at)
       select r.id, 'bench', 'Item ' || g,
              now() - (random() * interval '90 days'),
              case when g % 3 = 0 then null else now() end,
              case when g % 3 = 0 and g % 2 = 0 then null else now() end,
              case when g % 10 = 0 then now() else null end
         from generate_series($1::int + 1, $1::int + $2::int) g
         join (select id, row_number() over (order by id) as n from recipients where external_id like 'bench-%') r
           on r.n = (g % $3) + 1`,
      [offset, Math.min(batch, ITEMS - offset), RECIPIENTS],
    );
  }
  await database.query("alter table inbox_items enable trigger inbox_items_broadcast");
  await database.query("analyze inbox_items");
  return (performance.now() - started) / 1000;
}

async function bench(label: string, database: Database) {
  await migrateDatabase(database);
  const seconds = await seed(database);
  const ids = (await database.query<{ id: string }>("select id from recipients where external_id like 'bench-%' order by random() limit $1", [SAMPLES])).map((r) => r.id);
  const time = async (fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  const first: number[] = [];
  const deep: number[] = [];
  const unread: number[] = [];
  for (const id of ids) {
    const started = performance.now();
    let { after } = await listInboxPage(database.db, id, { limit: 20 });
    first.push(performance.now() - started);
    for (let i = 0; i < 3 && after; i++) after = (await listInboxPage(database.db, id, { limit: 20, after })).after;
    if (after) deep.push(await time(() => listInboxPage(database.db, id, { limit: 20, after: after! })));
    unread.push(await time(() => countInbox(database.db, id)));
  }
  const figures = (values: number[]) => `p50 ${percentile(values, 50).toFixed(2)} / p95 ${percentile(values, 95).toFixed(2)} ms`;
  console.log(
    `${label.padEnd(9)} seeded ${ITEMS.toLocaleString()} items in ${seconds.toFixed(1)} s | ` +
      `first page (with counts) ${figures(first)} | ` +
      `cursor page 5 ${figures(deep)} | ` +
      `unread+unseen+total counts ${figures(unread)}`,
  );
}

console.log(`inbox queries: ${ITEMS.toLocaleString()} items over ${RECIPIENTS.toLocaleString()} recipients, ${SAMPLES} random recipients each`);

const scratch = await createScratchDatabase("herald_inbox");
if (scratch) {
  const pg = await openDatabase({ kind: "postgres", url: scratch.url, poolMax: 4 });
  await bench("postgres", pg);
  await pg.close();
  await scratch.drop();
} else {
  console.log("postgres  skipped: no PostgreSQL server (install postgresql or set TEST_DATABASE_URL)");
}

const lite = await openDatabase({ kind: "pglite", dataDir: "memory://" });
await bench("pglite", lite);
await lite.close();
