import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { executeRows } from "@/lib/db/execute-rows";

export type BreakerSettings = { threshold: number; cooldownMs: number };

export type BreakerDecision = { state: "closed" | "probe" } | { state: "open"; probeAt: Date };

// While another caller probes, look again this soon: the probe settles within one provider call.
const PROBE_RECHECK_MS = 5_000;

/**
 * Whether a provider may be called now. Closed: yes. Open: no, until the cooldown has passed;
 * then exactly one caller (across every process: the claim is one conditional UPDATE) gets to
 * probe it half-open. A probe that never reported back is reclaimable after another cooldown.
 * An open answer says when to ask again, so a send can wait for it instead of failing.
 */
export async function checkCircuit(db: Db, provider: string, settings: BreakerSettings): Promise<BreakerDecision> {
  const rows = await executeRows<{ state: string }>(db, sql`
    select state from public.provider_circuits where provider = ${provider}`);
  const state = rows[0]?.state ?? "closed";
  if (state === "closed") return { state: "closed" };
  const cooldown = sql`make_interval(secs => ${settings.cooldownMs / 1000})`;
  const claimed = await executeRows<{ provider: string }>(db, sql`
    update public.provider_circuits
       set state = 'half_open', probe_started_at = now()
     where provider = ${provider}
       and ((state = 'open' and opened_at <= now() - ${cooldown})
         or (state = 'half_open' and probe_started_at <= now() - ${cooldown}))
     returning provider`);
  if (claimed.length > 0) return { state: "probe" };
  // Read again: the probe that beat us may already have closed the circuit.
  const [now] = await executeRows<{ state: string; probe_at: Date | string | null }>(db, sql`
    select state,
           case when state = 'open' then greatest(opened_at + ${cooldown}, now())
                else now() + make_interval(secs => ${Math.min(settings.cooldownMs, PROBE_RECHECK_MS) / 1000}) end as probe_at
      from public.provider_circuits where provider = ${provider}`);
  if (!now || now.state === "closed") return { state: "closed" };
  return { state: "open", probeAt: new Date(now.probe_at ?? Date.now() + settings.cooldownMs) };
}

/** A call went through: the circuit closes and the failure count starts over. */
export async function recordProviderSuccess(db: Db, provider: string): Promise<void> {
  await db.execute(sql`
    update public.provider_circuits
       set state = 'closed', consecutive_failures = 0, opened_at = null, probe_started_at = null
     where provider = ${provider} and (state <> 'closed' or consecutive_failures <> 0)`);
}

/** A call failed for the provider's sake (not the recipient's): count it, open at the threshold. */
export async function recordProviderFailure(db: Db, provider: string, error: string, settings: BreakerSettings): Promise<void> {
  await db.execute(sql`
    insert into public.provider_circuits as c (provider, state, consecutive_failures, opened_at, last_error)
    values (${provider}, case when 1 >= ${settings.threshold} then 'open' else 'closed' end, 1,
            case when 1 >= ${settings.threshold} then now() end, ${error.slice(0, 500)})
    on conflict (provider) do update set
      consecutive_failures = c.consecutive_failures + 1,
      last_error = excluded.last_error,
      -- A failed probe re-opens at once; a closed circuit opens when the count reaches the threshold.
      state = case when c.state = 'half_open' or c.consecutive_failures + 1 >= ${settings.threshold} then 'open' else c.state end,
      opened_at = case when c.state = 'half_open' or (c.state = 'closed' and c.consecutive_failures + 1 >= ${settings.threshold}) then now() else c.opened_at end,
      probe_started_at = null`);
}
