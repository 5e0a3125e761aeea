/**
 * SQL selecting, per delivery with a first `sent` or `delivered` event, its channel, provider
 * and request→delivered latency in `seconds` (numeric; negative when clocks disagree). The
 * clock starts at the request, or at its sendAt when scheduled later. `from` must name the
 * deliveries `d`; the overview narrows them to a time range. The metrics keep the same figure
 * as rows are written (public.count_delivery_latency in supabase/migrations).
 */
export function deliveryLatencySql(from = "public.deliveries d"): string {
  return `select d.channel, coalesce(d.provider, 'none') as provider,
                 extract(epoch from (e.at - greatest(n.created_at, coalesce(n.send_at, n.created_at)))) as seconds
            from ${from}
            join public.notifications n on n.id = d.notification_id
            join lateral (
              select min(x.occurred_at) as at from public.delivery_events x
               where x.delivery_id = d.id and x.status in ('sent', 'delivered')
            ) e on e.at is not null`;
}
