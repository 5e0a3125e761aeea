// A separate app process for the intake crash test: it runs Herald's own executor and accepts
// notifications in a loop (in-app + email, so each one keeps a durable run) until it is killed.
// Each accepted request is reported on stdout as the 202 would report it.
import { openDatabase, type DatabaseConfig } from "@/lib/db/client";
import { setProcessDatabase } from "@/lib/db/get-database";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { sendNotificationEvents } from "@/inngest/send-notification-events";
import { startEmbeddedExecutor } from "@/inngest/executor/start-embedded-executor";

const config = JSON.parse(process.env.HERALD_CHILD_DB!) as DatabaseConfig;
const database = await openDatabase(config);
setProcessDatabase(database);
await startEmbeddedExecutor(database, { backoffScale: 0.0001, pollMs: 50, leaseMs: 1_000 });
process.stdout.write("started\n");
const deadline = Date.now() + 60_000;
for (let i = 0; i < 2_000 && Date.now() < deadline; i++) {
  const { accepted } = await acceptNotifications(
    database.db,
    {
      to: [`crash-${i % 7}`, `crash-${(i + 3) % 7}`].map((id) => ({ id, email: `${id}@example.com` })),
      channels: ["in_app", "email"],
      content: { in_app: { title: `Crash ${i}` }, email: { subject: `Crash ${i}`, text: "x" } },
    },
    { scope: "crash", send: sendNotificationEvents },
  );
  process.stdout.write(`accepted ${JSON.stringify(accepted.notifications.map((n) => n.id))}\n`);
}
