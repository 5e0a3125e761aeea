// A separate process running the embedded executor, for crash tests: it starts a run of the
// crash function and blocks inside step two until it is killed.
import { openDatabase, type DatabaseConfig } from "@/lib/db/client";
import { crashFunction } from "./crash-function";
import { createTestApp } from "./executor-harness";

const config = JSON.parse(process.env.HERALD_CHILD_DB!) as DatabaseConfig;
const database = await openDatabase(config);
const app = createTestApp();
const executor = app.executor(database, [crashFunction(app.client, database, { blockInStepTwo: true })], {
  leaseMs: 1_000,
  workerId: "doomed-child",
  ...(process.env.HERALD_CHILD_CHECKPOINTING ? { checkpointing: process.env.HERALD_CHILD_CHECKPOINTING === "on" } : {}),
});
await executor.start();
await app.client.send({ name: "test/crash", data: {} });
process.stdout.write("started\n");
// How many calls the serve endpoint has had so far, for a test that counts them up to the kill.
setInterval(() => process.stdout.write(`calls ${app.calls}\n`), 20);
