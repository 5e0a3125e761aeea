import type { Database } from "@/lib/db/client";
import { listNotificationTypeNames } from "@/lib/templates/list-notification-type-names";

/** Providers offered at most (there are a handful: one per configured provider, ever). */
const MAX_PROVIDERS = 50;

/**
 * What the delivery filters offer: every notification type, and the providers seen so far.
 * The providers are read by skipping through the index that leads with the provider from one
 * name to the next (a loose index scan): one probe per provider, however many deliveries.
 */
export async function getDeliveryFilterOptions(database: Database) {
  const [types, providers] = await Promise.all([
    listNotificationTypeNames(database.db),
    database.query<{ provider: string }>(
      `with recursive seen as (
         (select provider from public.deliveries where provider is not null order by provider limit 1)
         union all
         select (select d.provider from public.deliveries d where d.provider > seen.provider order by d.provider limit 1)
           from seen where seen.provider is not null)
       select provider from seen where provider is not null limit $1`,
      [MAX_PROVIDERS],
    ),
  ]);
  return { types, providers: providers.map((p) => p.provider) };
}
