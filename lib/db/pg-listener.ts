import pg from "pg";
import { logger } from "@/lib/logger";

type Handlers = { onPayload: (payload: string) => void; onReconnect?: () => void };

/**
 * One LISTEN connection for every channel of a process, outside the pool (a pooled connection
 * would be handed to queries). A cut, a failover or a restart ends it: it reconnects with capped
 * backoff and listens again, and tells each listener, which may have missed NOTIFYs meanwhile.
 * A network that goes silent sends no error, so a heartbeat query finds that out too.
 */
export class PgListener {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly channels = new Map<string, Set<Handlers>>();
  private heartbeat: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private dropCurrent: ((error?: Error) => void) | null = null;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly heartbeatMs: number,
  ) {}

  /** The first connection must succeed (the caller learns the database is down); later cuts heal by themselves. */
  async listen(channel: string, handlers: Handlers): Promise<() => Promise<void>> {
    const set = this.channels.get(channel) ?? new Set();
    const first = set.size === 0;
    set.add(handlers);
    this.channels.set(channel, set);
    try {
      const client = await this.connection();
      if (first) await client.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      set.delete(handlers);
      if (set.size === 0) this.channels.delete(channel);
      throw error;
    }
    return async () => {
      set.delete(handlers);
      if (set.size > 0 || this.channels.get(channel) !== set) return;
      this.channels.delete(channel);
      await this.client?.query(`unlisten ${pg.escapeIdentifier(channel)}`).catch(() => {});
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client(this.config);
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      client.end().catch(() => {});
      if (!this.closed) {
        logger.warn("database: the LISTEN connection was lost; reconnecting", { code: (error as { code?: string } | undefined)?.code });
        this.scheduleReconnect();
      }
    };
    this.dropCurrent = onLost;
    client.on("error", onLost);
    client.on("end", () => onLost());
    client.on("notification", (note) => {
      for (const h of this.channels.get(note.channel) ?? []) h.onPayload(note.payload ?? "");
    });
    try {
      await client.connect();
    } catch (error) {
      lost = true;
      client.end().catch(() => {});
      throw error;
    }
    this.client = client;
    this.startHeartbeat();
    return client;
  }

  private scheduleReconnect() {
    if (this.retryTimer || this.closed) return;
    const delay = Math.min(250 * 2 ** this.failures, 5_000);
    this.retryTimer = setTimeout(async () => {
      this.retryTimer = null;
      try {
        const client = await this.connection();
        for (const channel of this.channels.keys()) await client.query(`listen ${pg.escapeIdentifier(channel)}`);
        this.failures = 0;
        logger.info("database: LISTEN connection restored");
        for (const set of this.channels.values()) for (const h of set) h.onReconnect?.();
      } catch {
        this.failures++;
        this.client?.end().catch(() => {});
        this.client = null;
        this.scheduleReconnect();
      }
    }, delay);
    this.retryTimer.unref();
  }

  private startHeartbeat() {
    if (this.heartbeat) return;
    let pending = false;
    this.heartbeat = setInterval(() => {
      // One heartbeat at a time: on a stalled network the last one is still waiting for its
      // query_timeout, and a second query on the same client would only queue behind it.
      if (pending || !this.client) return;
      const drop = this.dropCurrent;
      pending = true;
      // A failed or timed-out heartbeat (query_timeout) gives the connection up and reconnects.
      this.client
        .query("select 1")
        .catch((error: Error) => drop?.(error))
        .finally(() => (pending = false));
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }
}
