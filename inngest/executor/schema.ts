// Typed view of the executor's tables (supabase/migrations/*_embedded_executor.sql), used by the
// run-visibility queries; the hot path uses plain SQL.
import { integer, jsonb, pgSchema, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

const executor = pgSchema("executor");
const at = (name: string) => timestamp(name, { withTimezone: true });

export const executorRuns = executor.table("runs", {
  id: uuid("id").primaryKey().defaultRandom(),
  functionId: text("function_id").notNull(),
  status: text("status", {
    enum: ["queued", "running", "sleeping", "waiting", "completed", "failed", "cancelled"],
  }).notNull(),
  event: jsonb("event").$type<Record<string, unknown>>().notNull(),
  events: jsonb("events").$type<Record<string, unknown>[]>().notNull(),
  stack: text("stack").array().notNull(),
  attempt: integer("attempt").notNull(),
  idempotencyKey: text("idempotency_key"),
  concurrencyKey: text("concurrency_key"),
  output: jsonb("output"),
  error: jsonb("error"),
  parent: jsonb("parent"),
  createdAt: at("created_at").notNull().defaultNow(),
  startedAt: at("started_at"),
  endedAt: at("ended_at"),
  updatedAt: at("updated_at").notNull().defaultNow(),
});

export const executorSteps = executor.table(
  "steps",
  {
    runId: uuid("run_id").notNull(),
    hash: text("hash").notNull(),
    stepId: text("step_id"),
    name: text("name"),
    op: text("op").notNull(),
    result: jsonb("result"),
    attempts: integer("attempts").notNull(),
    outputBytes: integer("output_bytes"),
    error: jsonb("error"),
    startedAt: at("started_at"),
    endedAt: at("ended_at"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.hash] })],
);

export type ExecutorRun = typeof executorRuns.$inferSelect;
export type ExecutorStep = typeof executorSteps.$inferSelect;
