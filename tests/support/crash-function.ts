import type { Inngest } from "inngest";
import type { Database } from "@/lib/db/client";

/**
 * A three-step function whose steps log to `crash_log` in the database. With `blockInStepTwo`
 * the second step logs its start and then never returns: the process is meant to be killed there.
 */
export function crashFunction(client: Inngest.Any, database: Database, { blockInStepTwo }: { blockInStepTwo: boolean }) {
  const log = (runId: string, step: string, phase: string) =>
    database.query("insert into crash_log (run_id, step, phase) values ($1, $2, $3)", [runId, step, phase]);
  return client.createFunction({ id: "crash", retries: 3, triggers: [{ event: "test/crash" }] }, async ({ runId, step }) => {
    await step.run("one", () => log(runId, "one", "done"));
    await step.run("two", async () => {
      await log(runId, "two", "start");
      if (blockInStepTwo) {
        // The parent may not read the database (PGlite serves one process): it reads this.
        process.stdout.write("in step two\n");
        await new Promise(() => {});
      }
      await log(runId, "two", "done");
    });
    await step.run("three", () => log(runId, "three", "done"));
    return "survived";
  });
}
