import type { Database } from "@/lib/db/client";
import { listNotificationTypeNames } from "@/lib/templates/list-notification-type-names";

/** What the delivery filters offer: every notification type, and the providers seen so far. */
export async function getDeliveryFilterOptions(database: Database) {
  const [types, providers] = await Promise.all([
    listNotificationTypeNames(database.db),
    database.query<{ provider: string }>("select distinct provider from public.deliveries where provider is not null order by provider limit 50"),
  ]);
  return { types, providers: providers.map((p) => p.provider) };
}
