import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { finishNotification } from "@/lib/send/delivery-ledger";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";

describe.each(testDatabaseKinds())("a notification's outcome from its deliveries, on %s", (kind) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedDemoData(t.database);
  });
  afterAll(() => t.drop());

  const outcomeOf = async (statuses: string[]) => {
    const [n] = await t.database.query<{ id: string }>(
      `insert into notifications (notification_type_id, recipient_id)
       select nt.id, r.id from notification_types nt, recipients r where nt.key = 'comment.created' and r.external_id = 'bob' returning id`,
    );
    for (const [i, status] of statuses.entries()) {
      await t.database.query(
        `insert into deliveries (notification_id, recipient_id, channel, status, idempotency_key)
         select $1, recipient_id, $2, $3, $4 from notifications where id = $1`,
        [n!.id, ["email", "sms", "push"][i], status, `${n!.id}-${i}`],
      );
    }
    return finishNotification(t.database.db, n!.id);
  };

  it("counts a complained email as delivered (it reached the recipient), never as skipped", async () => {
    expect(await outcomeOf(["complained"])).toEqual({ status: "delivered", delivered: 1, failed: 0, skipped: 0 });
    expect(await outcomeOf(["complained", "bounced"])).toMatchObject({ status: "partial" });
    expect(await outcomeOf(["skipped"])).toMatchObject({ status: "skipped" });
    expect(await outcomeOf(["undelivered", "cancelled"])).toMatchObject({ status: "failed", failed: 1, skipped: 1 });
  });
});
