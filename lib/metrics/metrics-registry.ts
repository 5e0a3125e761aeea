import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type Metric } from "prom-client";
import { getDatabase } from "@/lib/db/get-database";
import { rateLimitBuckets } from "@/lib/rate-limit/rate-limit-buckets";
import { latencyBuckets, readDeliveryFigures, type DeliveryFigures } from "./read-delivery-figures";

export type HeraldMetrics = {
  registry: Registry;
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route" | "status">;
  rateLimited: Counter<"bucket">;
};

// One scrape reads Postgres once, however many metrics draw on it (concurrent scrapes share it).
let pending: Promise<DeliveryFigures> | null = null;
function figures(): Promise<DeliveryFigures> {
  pending ??= getDatabase()
    .then(readDeliveryFigures)
    .finally(() => setTimeout(() => (pending = null), 0));
  return pending;
}

/**
 * A histogram whose buckets are counted by Postgres rather than observed in this process:
 * prom-client's own Histogram can only observe, so this one renders the same text format.
 */
function databaseHistogram(registry: Registry): Metric {
  const name = "herald_delivery_latency_seconds";
  const help = "Time from a notification's request (or its sendAt) to its first sent/delivered event, by channel and provider; counted in Postgres.";
  const metric = {
    name,
    help,
    type: "histogram",
    aggregator: "first",
    async get() {
      const { latency } = await figures();
      const values = latency.flatMap(({ channel, provider, buckets, count, sum }) => [
        ...latencyBuckets.map((le, i) => ({ metricName: `${name}_bucket`, labels: { le, channel, provider }, value: buckets[i]! })),
        { metricName: `${name}_bucket`, labels: { le: "+Inf", channel, provider }, value: count },
        { metricName: `${name}_sum`, labels: { channel, provider }, value: sum },
        { metricName: `${name}_count`, labels: { channel, provider }, value: count },
      ]);
      return { name, help, type: "histogram", values, aggregator: "first" };
    },
  } as unknown as Metric;
  registry.registerMetric(metric);
  return metric;
}

function createMetrics(): HeraldMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "herald_process_" });

  const httpRequests = new Counter({
    name: "herald_http_requests_total",
    help: "HTTP requests answered by Herald's API routes, by method, route pattern and status.",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: "herald_http_request_duration_seconds",
    help: "Time to answer an API request (to the response headers), by method, route pattern and status.",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const rateLimited = new Counter({
    name: "herald_rate_limited_total",
    help: "Requests refused with 429 by a rate limit, by bucket (intake, sign-in, token-exchange).",
    labelNames: ["bucket"] as const,
    registers: [registry],
  });
  // Every bucket is exported from the start, so a dashboard's rate() has a zero to begin from.
  for (const bucket of Object.keys(rateLimitBuckets)) rateLimited.inc({ bucket }, 0);

  // Shared figures come from Postgres, so every process reports the same (take max, not sum).
  new Counter({
    name: "herald_notifications_accepted_total",
    help: "Notifications accepted (one per recipient), counted in Postgres.",
    registers: [registry],
    aggregator: "first",
    async collect() {
      const { notificationsAccepted } = await figures();
      this.reset();
      this.inc(notificationsAccepted);
    },
  });
  new Gauge({
    name: "herald_deliveries",
    help: "Deliveries by channel, provider and current status, counted in Postgres.",
    labelNames: ["channel", "provider", "status"] as const,
    registers: [registry],
    aggregator: "first",
    async collect() {
      const { deliveries } = await figures();
      this.reset();
      for (const d of deliveries) this.set({ channel: d.channel, provider: d.provider, status: d.status }, d.count);
    },
  });
  databaseHistogram(registry);
  new Gauge({
    name: "herald_executor_queue_depth",
    help: "Embedded executor: jobs due and not claimed.",
    registers: [registry],
    aggregator: "first",
    async collect() {
      const { queue } = await figures();
      this.reset();
      if (queue) this.set(queue.depth);
    },
  });
  new Gauge({
    name: "herald_executor_queue_lag_seconds",
    help: "Embedded executor: age of the oldest due, unclaimed job.",
    registers: [registry],
    aggregator: "first",
    async collect() {
      const { queue } = await figures();
      this.reset();
      if (queue) this.set(queue.lagMs / 1000);
    },
  });
  new Gauge({
    name: "herald_executor_jobs_leased",
    help: "Embedded executor: jobs being worked on now.",
    registers: [registry],
    aggregator: "first",
    async collect() {
      const { queue } = await figures();
      this.reset();
      if (queue) this.set(queue.leased);
    },
  });
  new Gauge({
    name: "herald_notifications_unstarted",
    help: "Notifications accepted and due whose delivery run has not started (the sweeper re-sends their events).",
    registers: [registry],
    aggregator: "first",
    async collect() {
      const { unstarted } = await figures();
      this.reset();
      this.set(unstarted.count);
    },
  });
  new Gauge({
    name: "herald_notifications_unstarted_oldest_seconds",
    help: "How long the oldest accepted, due notification has waited for its run to start.",
    registers: [registry],
    aggregator: "first",
    async collect() {
      const { unstarted } = await figures();
      this.reset();
      this.set(unstarted.oldestSeconds);
    },
  });
  new Gauge({
    name: "herald_scheduled_function_lag_seconds",
    help: "Embedded executor: how late each scheduled function (the sweeper, cleanups) runs; 0 when on time.",
    labelNames: ["function"] as const,
    registers: [registry],
    aggregator: "first",
    async collect() {
      const { scheduled } = await figures();
      this.reset();
      for (const s of scheduled) this.set({ function: s.functionId }, s.lagMs / 1000);
    },
  });
  new Gauge({
    name: "herald_executor_worker_seen_seconds",
    help: "Embedded executor: each live executor (kind web or worker) and how long ago it last renewed its row.",
    labelNames: ["worker", "kind"] as const,
    registers: [registry],
    aggregator: "first",
    async collect() {
      const { workers } = await figures();
      this.reset();
      for (const w of workers) this.set({ worker: w.id, kind: w.kind }, w.seenSeconds);
    },
  });
  return { registry, httpRequests, httpDuration, rateLimited };
}

const key = Symbol.for("herald.metrics");
type WithMetrics = typeof globalThis & { [key]?: HeraldMetrics };

/** The process's one registry; kept on globalThis so a dev hot reload does not register twice. */
export function getMetrics(): HeraldMetrics {
  const g = globalThis as WithMetrics;
  g[key] ??= createMetrics();
  return g[key];
}
