import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foldMetricCounts } from "@/inngest/functions/fold-metric-counts";
import { closeDatabase, getDatabase } from "@/lib/db/get-database";

const QUEUED_EMAIL = JSON.stringify({ channel: "email", provider: "resend", status: "queued" });

/** The folded total of one metric series (0 before it has any). */
async function total(metric: string, labels: string): Promise<number> {
  const database = await getDatabase();
  const [row] = await database.query<{ count: number }>("select count::int from metric_counts where metric = $1 and labels = $2::jsonb", [metric, labels]);
  return row?.count ?? 0;
}

// The real function with Inngest's test engine, on the in-memory database getDatabase() opens here.
describe("fold-metric-counts", () => {
  let accepted = 0;
  let queued = 0;
  beforeAll(async () => {
    accepted = await total("notifications_accepted", "{}");
    queued = await total("deliveries", QUEUED_EMAIL);
    // What writers append: two email deliveries queued, one of them moved on; three notifications.
    await (await getDatabase()).query(
      `insert into metric_count_changes (metric, labels, count) values
        ('deliveries', $1::jsonb, 2), ('deliveries', $1::jsonb, -1), ('notifications_accepted', '{}', 3)`,
      [QUEUED_EMAIL],
    );
  });
  afterAll(() => closeDatabase());

  it("on its schedule, folds the appended changes into their totals and leaves none behind", async () => {
    const { result } = await new InngestTestEngine({ function: foldMetricCounts }).execute({ events: [{ name: "inngest/scheduled.timer", data: { cron: "*/10 * * * *" } }] });
    expect(result).toEqual({ folded: 3 });
    expect(await (await getDatabase()).query("select count(*)::int as n from metric_count_changes")).toEqual([{ n: 0 }]);
    expect(await total("notifications_accepted", "{}")).toBe(accepted + 3);
    expect(await total("deliveries", QUEUED_EMAIL)).toBe(queued + 1);
  });
});
