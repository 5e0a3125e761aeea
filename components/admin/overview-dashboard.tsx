"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DeliveryStats, StatsRange } from "@/lib/admin/get-delivery-stats";
import { ChartCard } from "./chart-card";
import { channelLabels, formatDuration } from "./format";
import { useAdminFetch } from "./use-admin-fetch";
import { LoadError } from "./admin-ui";
import { ReasonText } from "./reason-text";

const ranges: { value: StatsRange; label: string; long: string }[] = [
  { value: "1h", label: "1 h", long: "the last hour" },
  { value: "24h", label: "24 h", long: "the last 24 hours" },
  { value: "7d", label: "7 d", long: "the last 7 days" },
  { value: "30d", label: "30 d", long: "the last 30 days" },
];

// Mid-tone colours that keep their contrast on white and on slate-900.
const channelColors: Record<string, string> = { in_app: "#6366f1", email: "#0ea5e9", sms: "#10b981", push: "#f59e0b", webhook: "#a855f7" };
const colorOf = (channel: string) => channelColors[channel] ?? "#64748b";
const percentileColors = { p50: "#38bdf8", p95: "#6366f1", p99: "#f43f5e" };

// Axis text and grid follow the text colour; the tooltip follows the card's colours.
const chartFrame =
  "text-slate-500 [--chart-bg:#ffffff] [--chart-border:#e2e8f0] [--chart-fg:#0f172a] dark:text-slate-400 dark:[--chart-bg:#0f172a] dark:[--chart-border:#334155] dark:[--chart-fg:#f1f5f9]";
const tooltipStyle = { background: "var(--chart-bg)", borderColor: "var(--chart-border)", color: "var(--chart-fg)", borderRadius: 8, fontSize: 12 };
const axis = { stroke: "currentColor", fontSize: 11, tickLine: false } as const;

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

function tickFormatter(bucket: string) {
  return (value: string) => {
    const date = new Date(value);
    if (bucket === "1 day") return date.toLocaleDateString(undefined, { month: "short", day: "numeric" });
    if (bucket === "6 hours") return date.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit" });
    return date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  };
}

/** The admin overview: volume, delivery and failure rates, latency and failure reasons for a range. */
export function OverviewDashboard({ range }: { range: StatsRange }) {
  const router = useRouter();
  const pathname = usePathname();
  const { data, error, loading, refetch } = useAdminFetch<{ data: DeliveryStats }>(`/api/admin/stats?range=${range}`);
  const stats = data?.data;
  const rangeText = ranges.find((r) => r.value === range)!.long;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">Deliveries requested in {rangeText}.</p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {stats && (
            <span className="text-xs text-slate-600 dark:text-slate-400">
              As of <time dateTime={stats.to}>{new Date(stats.to).toLocaleTimeString()}</time>
            </span>
          )}
          <button
            type="button"
            onClick={refetch}
            className="rounded-md px-2.5 py-1.5 text-sm text-slate-600 ring-1 ring-slate-300 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-slate-300 dark:ring-slate-700 dark:hover:bg-slate-800"
          >
            Refresh
          </button>
        <fieldset className="flex rounded-lg border border-slate-300 bg-white p-0.5 text-sm dark:border-slate-700 dark:bg-slate-900">
          <legend className="sr-only">Time range</legend>
          {ranges.map((r) => (
            <label
              key={r.value}
              className="cursor-pointer rounded-md px-3 py-1.5 text-slate-600 has-checked:bg-brand-600 has-checked:font-medium has-checked:text-white has-focus-visible:outline-2 has-focus-visible:outline-offset-1 has-focus-visible:outline-brand-500 dark:text-slate-300"
            >
              <input
                type="radio"
                name="range"
                value={r.value}
                checked={r.value === range}
                onChange={() => router.replace(`${pathname}?range=${r.value}`, { scroll: false })}
                className="sr-only"
              />
              <span aria-hidden="true">{r.label}</span>
              <span className="sr-only">{r.long}</span>
            </label>
          ))}
        </fieldset>
        </div>
      </div>

      <div aria-live="polite" aria-busy={loading}>
        {loading ? (
          <OverviewSkeleton />
        ) : error || !stats ? (
          <LoadError what="The figures" error={error} onRetry={refetch} />
        ) : stats.totals.deliveries === 0 && stats.totals.notifications === 0 ? (
          <div className="rounded-2xl border border-dashed border-slate-300 p-10 text-center dark:border-slate-700">
            <p className="font-medium">Nothing was sent in {rangeText}.</p>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              Pick a longer range, or <Link href="/admin/send" className="font-medium text-brand-700 underline dark:text-brand-100">send a notification</Link>.
            </p>
          </div>
        ) : (
          <OverviewCharts stats={stats} rangeText={rangeText} />
        )}
      </div>
    </div>
  );
}

function OverviewSkeleton() {
  return (
    <div className="space-y-4" aria-label="Loading the figures">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-5">
        {[0, 1, 2, 3, 4].map((i) => (
          <div key={i} className="h-20 animate-pulse rounded-2xl bg-slate-100 dark:bg-slate-800" />
        ))}
      </div>
      <div className="grid gap-4 xl:grid-cols-2">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-72 animate-pulse rounded-2xl bg-slate-100 dark:bg-slate-800" />
        ))}
      </div>
    </div>
  );
}

function Kpi({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <dt className="text-xs font-medium text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
      {detail && <dd className="text-xs text-slate-600 dark:text-slate-400">{detail}</dd>}
    </div>
  );
}

function OverviewCharts({ stats, rangeText }: { stats: DeliveryStats; rangeText: string }) {
  const { totals } = stats;
  const finished = totals.delivered + totals.failed;
  const formatTick = tickFormatter(stats.bucket);
  const volume = stats.series.map((p) => ({ at: p.at, ...p.channels }));
  const rates = stats.series.map((p) => ({ at: p.at, delivered: pct(p.delivered, p.delivered + p.failed), failed: pct(p.failed, p.delivered + p.failed) }));
  const latency = stats.latency.byChannel.map((l) => ({ ...l, label: channelLabels[l.key] ?? l.key }));
  const perChannel = stats.channels.map((c) => [channelLabels[c] ?? c, stats.series.reduce((sum, p) => sum + (p.channels[c] ?? 0), 0)] as const);
  const busiest = stats.series.reduce((best, p) => {
    const total = Object.values(p.channels).reduce((a, b) => a + b, 0);
    return total > best.total ? { at: p.at, total } : best;
  }, { at: "", total: 0 });
  const overallLatency = stats.latency.byChannel.reduce((worst, l) => (l.p95 > worst ? l.p95 : worst), 0);

  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-5">
        <Kpi label="Notifications" value={totals.notifications.toLocaleString()} />
        <Kpi label="Deliveries" value={totals.deliveries.toLocaleString()} detail={`${totals.skipped.toLocaleString()} skipped · ${totals.pending.toLocaleString()} pending`} />
        <Kpi label="Delivered" value={pct(totals.delivered, finished) === null ? "—" : `${pct(totals.delivered, finished)}%`} detail={`${totals.delivered.toLocaleString()} of ${finished.toLocaleString()} finished`} />
        <Kpi label="Failed" value={totals.failed.toLocaleString()} detail={pct(totals.failed, finished) === null ? "no finished deliveries" : `${pct(totals.failed, finished)}% of finished`} />
        <Kpi label="Slowest p95" value={formatDuration(stats.latency.byChannel.length ? overallLatency : null)} detail="request → delivered, worst channel" />
      </dl>

      <div className="grid gap-4 xl:grid-cols-2">
        <ChartCard
          title="Volume per channel"
          summary={`${perChannel.map(([c, n]) => `${c}: ${n}`).join(", ") || "No deliveries"} in ${rangeText}${busiest.total ? `; busiest ${formatTick(busiest.at)} with ${busiest.total}` : ""}. Skipped channels not counted.`}
          table={{
            caption: "Deliveries per channel per time bucket",
            head: ["Time", ...stats.channels.map((c) => channelLabels[c] ?? c)],
            rows: stats.series.filter((p) => Object.values(p.channels).some((n) => n > 0)).map((p) => [formatTick(p.at), ...stats.channels.map((c) => p.channels[c] ?? 0)]),
          }}
        >
          <div className={`h-56 ${chartFrame}`}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={volume} accessibilityLayer={false} margin={{ top: 4, right: 8, left: 0, bottom: 0 }}>
                <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
                <XAxis dataKey="at" tickFormatter={formatTick} minTickGap={40} {...axis} />
                <YAxis allowDecimals={false} width={40} {...axis} />
                <Tooltip contentStyle={tooltipStyle} labelFormatter={(v) => formatTick(String(v))} cursor={{ fill: "currentColor", fillOpacity: 0.08 }} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                {stats.channels.map((c) => (
                  <Bar key={c} dataKey={c} name={channelLabels[c] ?? c} stackId="volume" fill={colorOf(c)} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
        </ChartCard>

        <ChartCard
          title="Delivery and failure rate"
          summary={finished ? `${pct(totals.delivered, finished)}% delivered and ${pct(totals.failed, finished)}% failed of ${finished} finished deliveries in ${rangeText}.` : `No delivery finished in ${rangeText}.`}
          table={{
            caption: "Delivered and failed share of finished deliveries per time bucket",
            head: ["Time", "Delivered %", "Failed %"],
            rows: rates.filter((r) => r.delivered !== null).map((r) => [formatTick(r.at), r.delivered ?? "—", r.failed ?? "—"]),
          }}
        >
          <div className={`h-56 ${chartFrame}`}>
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={rates} accessibilityLayer={false} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
                <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
                <XAxis dataKey="at" tickFormatter={formatTick} minTickGap={40} {...axis} />
                <YAxis domain={[0, 100]} unit="%" width={52} {...axis} />
                <Tooltip contentStyle={tooltipStyle} labelFormatter={(v) => formatTick(String(v))} formatter={(v) => `${v}%`} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                <Line type="monotone" dataKey="delivered" name="Delivered" stroke="#10b981" strokeWidth={2} dot={{ r: 2.5, fill: "#10b981" }} connectNulls isAnimationActive={false} />
                <Line type="monotone" dataKey="failed" name="Failed" stroke="#f43f5e" strokeWidth={2} strokeDasharray="5 3" dot={{ r: 2.5, fill: "#f43f5e" }} connectNulls isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
        </ChartCard>

        <ChartCard
          title="Latency by channel"
          summary={
            latency.length
              ? latency.map((l) => `${l.label}: p50 ${formatDuration(l.p50)}, p95 ${formatDuration(l.p95)}, p99 ${formatDuration(l.p99)} (${l.count})`).join("; ") + "."
              : `Nothing was delivered in ${rangeText}.`
          }
          table={{
            caption: "Request to delivered latency percentiles per channel",
            head: ["Channel", "Delivered", "p50", "p95", "p99"],
            rows: latency.map((l) => [l.label, l.count, formatDuration(l.p50), formatDuration(l.p95), formatDuration(l.p99)]),
          }}
        >
          <div className={`h-56 ${chartFrame}`}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={latency} accessibilityLayer={false} margin={{ top: 4, right: 8, left: -8, bottom: 0 }}>
                <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
                <XAxis dataKey="label" {...axis} />
                <YAxis tickFormatter={(v) => formatDuration(Number(v))} width={60} {...axis} />
                <Tooltip contentStyle={tooltipStyle} formatter={(v) => formatDuration(Number(v))} cursor={{ fill: "currentColor", fillOpacity: 0.08 }} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                {(["p50", "p95", "p99"] as const).map((p) => (
                  <Bar key={p} dataKey={p} name={p} fill={percentileColors[p]} radius={[3, 3, 0, 0]} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
        </ChartCard>

        <section aria-labelledby="failure-reasons-title" className="min-w-0 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <div className="flex items-baseline justify-between gap-2">
            <h2 id="failure-reasons-title" className="text-sm font-semibold text-slate-900 dark:text-white">
              Top failure reasons
            </h2>
            <Link href="/admin/dead-letters" className="text-xs font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
              Dead letters
            </Link>
          </div>
          {stats.failureReasons.length === 0 ? (
            <p className="mt-6 text-center text-sm text-slate-600 dark:text-slate-400">No failures in {rangeText}.</p>
          ) : (
            <ol className="mt-3 space-y-3">
              {stats.failureReasons.map((r) => (
                <li key={r.reason} className="text-sm">
                  <div className="flex items-baseline justify-between gap-3">
                    <ReasonText reason={r.reason} className="min-w-0 break-words text-xs text-slate-800 dark:text-slate-200" />
                    <span className="shrink-0 tabular-nums font-medium">{r.count}</span>
                  </div>
                  <div className="mt-1 flex items-center gap-2">
                    <span aria-hidden="true" className="h-1.5 rounded-full bg-rose-500" style={{ width: `${Math.max(4, (r.count / stats.failureReasons[0]!.count) * 100)}%` }} />
                  </div>
                  <span className="text-xs text-slate-600 dark:text-slate-400">{r.channels.map((c) => channelLabels[c] ?? c).join(", ")}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>

      <section aria-labelledby="provider-latency-title" className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h2 id="provider-latency-title" className="text-sm font-semibold">
          Latency by provider
        </h2>
        {stats.latency.byProvider.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Nothing was delivered in {rangeText}.</p>
        ) : (
          <div className="mt-2 overflow-x-auto">
            <table className="w-full text-left text-xs tabular-nums sm:text-sm">
              <thead className="text-xs text-slate-600 dark:text-slate-400">
                <tr>
                  {["Provider", "Delivered", "p50", "p95", "p99"].map((h) => (
                    <th key={h} scope="col" className="py-1.5 pr-3 font-medium">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {stats.latency.byProvider.map((l) => (
                  <tr key={l.key} className="border-t border-slate-100 dark:border-slate-800">
                    <th scope="row" className="py-1.5 pr-3 font-medium whitespace-nowrap">
                      {l.key}
                    </th>
                    <td className="py-1.5 pr-3">{l.count}</td>
                    <td className="py-1.5 pr-3 whitespace-nowrap">{formatDuration(l.p50)}</td>
                    <td className="py-1.5 pr-3 whitespace-nowrap">{formatDuration(l.p95)}</td>
                    <td className="py-1.5 pr-3 whitespace-nowrap">{formatDuration(l.p99)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
