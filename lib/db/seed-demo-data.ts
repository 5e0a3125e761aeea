import fs from "node:fs";
import path from "node:path";
import type { Database } from "./client";

/** Demo users, types, templates and inbox items (supabase/seed.sql); running it again adds nothing. */
export async function seedDemoData(database: Database): Promise<void> {
  const seed = fs.readFileSync(path.join(/*turbopackIgnore: true*/ process.cwd(), "supabase", "seed.sql"), "utf8");
  await database.transaction((tx) => tx.exec(seed));
}
