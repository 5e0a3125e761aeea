import fs from "node:fs";
import path from "node:path";
import type { Database } from "./client";

// Who the seeded inbox items are from (`data.actor`), so the demo inbox shows faces and initials.
// Seeded items are the ones without a notification; an actor already set is kept.
const demoActors = `
update public.inbox_items as i
set data = i.data || jsonb_build_object('actor', a.actor)
from (values
  ('a1111111-1111-4111-8111-111111111111'::uuid, 'Bob Chen commented', '{"name": "Bob Chen"}'::jsonb),
  ('a1111111-1111-4111-8111-111111111111'::uuid, 'Priya mentioned you', '{"name": "Priya Patel", "avatarUrl": "/avatars/priya.svg"}'::jsonb),
  ('a1111111-1111-4111-8111-111111111111'::uuid, 'New task: Update the onboarding copy', '{"name": "Ada Admin"}'::jsonb),
  ('b2222222-2222-4222-8222-222222222222'::uuid, 'Alice Martin commented', '{"name": "Alice Martin"}'::jsonb)
) as a (recipient_id, title, actor)
where i.recipient_id = a.recipient_id and i.title = a.title and i.notification_id is null and not (i.data ? 'actor');
`;

/** Demo users, types, templates and inbox items (supabase/seed.sql); running it again adds nothing. */
export async function seedDemoData(database: Database): Promise<void> {
  const seed = fs.readFileSync(path.join(/*turbopackIgnore: true*/ process.cwd(), "supabase", "seed.sql"), "utf8");
  await database.transaction(async (tx) => {
    await tx.exec(seed);
    await tx.exec(demoActors);
  });
}
