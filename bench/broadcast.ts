// A broadcast to 100,000 in-app recipients against a raw batched INSERT of the same rows, on the
// production build, PGlite and PostgreSQL side by side. Prints figures; asserts nothing.
//   npm run build && npm run bench:broadcast        (BENCH_BROADCAST_RECIPIENTS for a smaller run)
// raw:        notifications + inbox_items rows for every recipient, one transaction per batch of
//             BROADCAST_BATCH_SIZE, straight into the database
// broadcast:  POST /api/admin/broadcasts, progress polled to 100 %, then until every recipient's
//             inbox item exists (the delivery runs); the rates, and raw time / broadcast time
//             (goal ≥ 0.3). A broadcast reaches at most MAX_BROADCAST_RECIPIENTS, so a larger
//             set is split (by a search filter on the recipient id) into broadcasts run at once.
import path from "node:path";
import { performance } from "node:perf_hooks";
import { BROADCAST_BATCH_SIZE, MAX_BROADCAST_RECIPIENTS } from "@/lib/broadcasts/broadcast-limits";
import { openDatabase, type Database } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate-database";
import { signInCookie } from "../tests/support/http-session";
import { startApp } from "../tests/support/start-app";
import { benchPostgres, dataDir, drain, requireBuild, tracked } from "./support";

const RECIPIENTS = Number(process.env.BENCH_BROADCAST_RECIPIENTS ?? 100_000);
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_SECONDS ?? 1800) * 1000;
// Recipients per broadcast: the cap by default (lower it to see a split on a small run).
const PART = Math.min(MAX_BROADCAST_RECIPIENTS, Number(process.env.BENCH_BROADCAST_PART ?? MAX_BROADCAST_RECIPIENTS));
const PARTS = Math.ceil(RECIPIENTS / PART);
const PER_PART = Math.ceil(RECIPIENTS / PARTS);
const content = { in_app: { title: "Scheduled maintenance", body: "Herald will be read-only on Sunday from 02:00 to 03:00 UTC." } };

requireBuild();

/** Recipients `bcast-<part>-<n>`, in one set-based statement. */
async function seed(database: Database) {
  await database.query(
    `insert into recipients (external_id, name)
     select format('bcast-%s-%s', lpad(((g - 1) / $2)::text, 2, '0'), lpad(g::text, 7, '0')), 'Broadcast recipient ' || g
       from generate_series(1, $1::int) g`,
    [RECIPIENTS, PER_PART],
  );
}

/** The rows a broadcast ends with, written directly: per batch, one transaction of notifications and their inbox items. */
async function rawInsert(database: Database) {
  const [type] = await database.query<{ id: string }>("select id from notification_types where key = 'default'");
  const started = performance.now();
  let cursor = "";
  for (;;) {
    const [batch] = await database.query<{ last: string | null; n: number }>(
      `with page as (
         select id, external_id from recipients where external_id like 'bcast-%' and external_id > $1 order by external_id limit $2),
       n as (
         insert into notifications (notification_type_id, recipient_id, content, channels, status, event_sent_at, started_at, completed_at)
         select $3, id, $4::jsonb, '{in_app}', 'delivered', now(), now(), now() from page returning id, recipient_id),
       i as (
         insert into inbox_items (recipient_id, notification_id, type_key, title, body) select recipient_id, id, 'default', $5, $6 from n)
       select max(external_id) as last, count(*)::int as n from page`,
      [cursor, BROADCAST_BATCH_SIZE, type!.id, JSON.stringify(content), content.in_app.title, content.in_app.body],
    );
    if (!batch!.last) break;
    cursor = batch!.last;
    if (batch!.n < BROADCAST_BATCH_SIZE) break;
  }
  return (performance.now() - started) / 1000;
}

async function bench(label: string, env: Record<string, string>, open: () => Promise<Database>, keepOpen: boolean) {
  let database = await open();
  await migrateDatabase(database);
  let started = performance.now();
  await seed(database);
  const seedSeconds = (performance.now() - started) / 1000;
  const rawSeconds = await rawInsert(database);
  // PGlite serves one process: the app gets the folder to itself.
  if (!keepOpen) await database.close();

  const app = tracked(await startApp({ LOG_LEVEL: "error", ...env }, { echoStderr: true }), "stop");
  const admin = await signInCookie(app.baseUrl, "admin@example.com");
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${app.baseUrl}${route}`, {
      method,
      headers: { cookie: admin, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
    return (await response.json()).data;
  };
  started = performance.now();
  const ids: string[] = [];
  for (let part = 0; part < PARTS; part++) {
    const filter = { search: `bcast-${String(part).padStart(2, "0")}-` };
    ids.push((await call("POST", "/api/admin/broadcasts", { filter, channels: ["in_app"], content })).id);
  }
  let accepted = 0;
  let complete = false;
  while (!complete && performance.now() - started < DEADLINE_MS) {
    await new Promise((r) => setTimeout(r, 250));
    const progress = await Promise.all(ids.map((id) => call("GET", `/api/admin/broadcasts/${id}`)));
    accepted = progress.reduce((n, p) => n + p.accepted, 0);
    complete = progress.every((p) => p.percent === 100 || p.status === "failed");
  }
  const acceptSeconds = (performance.now() - started) / 1000;
  // Then the delivery runs: every recipient's inbox item.
  await drain(app.baseUrl, Math.max(0, DEADLINE_MS - (performance.now() - started)));
  await app.stop(10_000);

  if (!keepOpen) database = await open();
  // Both ends on the database clock: the first broadcast recorded, the last item written.
  const [done] = await database.query<{ items: number; seconds: number | null; statuses: string }>(
    `select (select count(*)::int from broadcast_recipients br join inbox_items i on i.notification_id = br.notification_id where br.broadcast_id = any($1::uuid[])) as items,
            (select extract(epoch from (max(i.created_at) - (select min(created_at) from broadcasts where id = any($1::uuid[]))))::float8
               from broadcast_recipients br join inbox_items i on i.notification_id = br.notification_id where br.broadcast_id = any($1::uuid[])) as seconds,
            (select string_agg(status, ',') from broadcasts where id = any($1::uuid[])) as statuses`,
    [ids],
  );
  await database.close();

  const rate = (n: number, s: number) => `${(n / s).toFixed(0)}/s`;
  const itemsSeconds = done!.seconds ?? NaN;
  console.log(`${label.padEnd(9)} seeded ${RECIPIENTS} recipients in ${seedSeconds.toFixed(1)} s`);
  console.log(`${"".padEnd(9)} raw INSERT (batches of ${BROADCAST_BATCH_SIZE}): ${rawSeconds.toFixed(1)} s, ${rate(RECIPIENTS, rawSeconds)}`);
  console.log(
    `${"".padEnd(9)} broadcast (${PARTS} at once, ${statusesOf(done!.statuses)}): 100 % (${accepted} accepted) in ${acceptSeconds.toFixed(1)} s, ${rate(accepted, acceptSeconds)}` +
      `  ratio ${(rawSeconds / acceptSeconds).toFixed(2)};` +
      `  every inbox item (${done!.items}/${RECIPIENTS}) in ${itemsSeconds.toFixed(1)} s, ${rate(done!.items, itemsSeconds)}  ratio ${(rawSeconds / itemsSeconds).toFixed(2)}` +
      (complete ? "" : `  (deadline of ${DEADLINE_MS / 1000} s reached)`),
  );
}

const statusesOf = (list: string) => [...new Set(list.split(","))].join("/");

console.log(`broadcast: ${RECIPIENTS} in-app recipients, against a raw batched INSERT of the same rows`);

const { dir, remove } = dataDir();
await bench("pglite", { HERALD_DATA_DIR: dir, DATABASE_URL: "" }, () => openDatabase({ kind: "pglite", dataDir: path.join(dir, "pglite") }), false);
await remove();

const scratch = await benchPostgres();
// Local sign-in for the seeded admin, who starts the broadcasts.
await bench(
  "postgres",
  { DATABASE_URL: scratch.url, HERALD_SEED_DEMO: "true", HERALD_UNSAFE_LOCAL_SIGN_IN: "true" },
  () => openDatabase({ kind: "postgres", url: scratch.url, poolMax: 2 }),
  true,
);
await scratch.drop();
