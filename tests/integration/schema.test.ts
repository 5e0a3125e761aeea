import { getTableColumns, getTableName, is } from "drizzle-orm";
import { PgTable, getTableConfig } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "@/lib/db/schema";
import * as executorSchema from "@/inngest/executor/schema";
import { createTestDatabase, testDatabaseKinds, type TestDatabaseKind } from "../support/databases";

const tables = [...Object.values(schema), ...Object.values(executorSchema)].filter((value) => is(value, PgTable)) as PgTable[];

describe.each(testDatabaseKinds())("typed schema agrees with the migrations on %s", (kind: TestDatabaseKind) => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db.drop());

  it.each(tables.map((table) => [`${getTableConfig(table).schema ?? "public"}.${getTableName(table)}`, table] as const))(
    "%s: every column exists with a matching nullability",
    async (_name, table) => {
      const { schema: tableSchema = "public", name } = getTableConfig(table);
      const columns = await db.database.query<{ column_name: string; is_nullable: string }>(
        "select column_name, is_nullable from information_schema.columns where table_schema = $1 and table_name = $2",
        [tableSchema, name],
      );
      const actual = new Map(columns.map((c) => [c.column_name, c.is_nullable === "YES"]));
      for (const column of Object.values(getTableColumns(table))) {
        expect(actual.has(column.name), `${name}.${column.name} missing`).toBe(true);
        expect(actual.get(column.name), `${name}.${column.name} nullability`).toBe(!column.notNull);
      }
    },
  );

  it("every public table has row-level security enabled", async () => {
    const open = await db.database.query<{ relname: string }>(
      "select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r' and not c.relrowsecurity",
    );
    expect(open).toEqual([]);
  });
});
