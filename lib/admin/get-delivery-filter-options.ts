import type { Database } from "@/lib/db/client";

/** What the delivery filters offer: every notification type, and the providers seen so far. */
export async function getDeliveryFilterOptions(database: Database) {
  const types = await database.query<{ key: string; name: string }>("select key, name from public.notification_types order by name, key");
  const providers = await database.query<{ provider: string }>(
    "select distinct provider from public.deliveries where provider is not null order by provider limit 50",
  );
  return { types, providers: providers.map((p) => p.provider) };
}
