import type { Database } from "@/lib/db/client";
import { logger } from "@/lib/logger";

export type RealtimeMessage = { id: number; topic: string; event: string; payload: unknown };
type Listener = (message: RealtimeMessage) => void;

/**
 * One LISTEN per process, fanned out to every open stream by topic: a thousand browser tabs
 * cost one database connection, not a thousand. Every process on the database receives every
 * NOTIFY, so streams work whichever process a client is connected to.
 */
export class RealtimeHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private listening: Promise<() => Promise<void>> | null = null;
  // Messages are dispatched one at a time, in arrival order, even when one needs a lookup.
  private queue: Promise<void> = Promise.resolve();
  // The newest message dispatched: after a lost LISTEN connection, what came later is replayed.
  private lastId = 0;

  constructor(private readonly database: Database) {}

  async subscribe(topic: string, listener: Listener): Promise<() => void> {
    this.listening ??= this.database.listen(
      "realtime",
      (raw) => {
        this.queue = this.queue.then(() => this.dispatch(raw)).catch(() => {});
      },
      () => {
        this.queue = this.queue.then(() => this.replayMissed()).catch(() => {});
      },
    );
    try {
      await this.listening;
    } catch (error) {
      this.listening = null; // Let the next subscriber try again.
      throw error;
    }
    const set = this.listeners.get(topic) ?? new Set();
    set.add(listener);
    this.listeners.set(topic, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(topic);
    };
  }

  get subscriberCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  private async dispatch(raw: string) {
    let note: { id: number; topic: string; event: string; payload?: unknown };
    try {
      note = JSON.parse(raw);
    } catch {
      return;
    }
    // Ids are not commit order, so nothing is dropped for being older; this only marks where a
    // replay after a lost connection starts.
    this.lastId = Math.max(this.lastId, Number(note.id) || 0);
    const set = this.listeners.get(note.topic);
    if (!set || set.size === 0) return;
    let payload = note.payload;
    if (payload === undefined) {
      // Too big for NOTIFY: the message table has it.
      const [row] = await this.database
        .query<{ payload: unknown }>("select payload from realtime.messages where id = $1", [note.id])
        .catch((error) => {
          logger.warn("realtime: could not load a large message", { error, id: note.id });
          return [];
        });
      payload = row?.payload;
    }
    this.deliver({ id: Number(note.id), topic: note.topic, event: note.event, payload });
  }

  private deliver(message: RealtimeMessage) {
    this.lastId = Math.max(this.lastId, message.id);
    for (const listener of this.listeners.get(message.topic) ?? []) listener(message);
  }

  /**
   * NOTIFYs sent while the connection was down are gone; the message table still has them.
   * (One that committed late with an older id can be missed here; a stream's Last-Event-ID
   * reconnect and the client's resync cover that.)
   */
  private async replayMissed() {
    const topics = [...this.listeners.keys()];
    if (topics.length === 0 || this.lastId === 0) return;
    const rows = await this.database.query<{ id: string | number; topic: string; event: string; payload: unknown }>(
      "select id, topic, event, payload from realtime.messages where id > $1 and topic = any($2) order by id limit 10000",
      [this.lastId, topics],
    );
    for (const row of rows) this.deliver({ ...row, id: Number(row.id) });
  }

  /** Messages on a topic after an id, oldest first: everything a reconnecting client missed. */
  async since(topic: string, afterId: number, pageSize = 500): Promise<RealtimeMessage[]> {
    const all: RealtimeMessage[] = [];
    let after = afterId;
    for (;;) {
      const rows = await this.database.query<{ id: string | number; topic: string; event: string; payload: unknown }>(
        "select id, topic, event, payload from realtime.messages where topic = $1 and id > $2 order by id limit $3",
        [topic, after, pageSize],
      );
      all.push(...rows.map((r) => ({ ...r, id: Number(r.id) })));
      if (rows.length < pageSize) return all;
      after = Number(rows.at(-1)!.id);
    }
  }
}

const holder = globalThis as typeof globalThis & { __heraldRealtimeHub?: RealtimeHub };

/** The process's hub (one LISTEN connection), created on first use. */
export function getRealtimeHub(database: Database): RealtimeHub {
  holder.__heraldRealtimeHub ??= new RealtimeHub(database);
  return holder.__heraldRealtimeHub;
}
