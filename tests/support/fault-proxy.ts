import net from "node:net";

type FaultMode = "pass" | "drop" | "refuse";

export type FaultProxy = {
  /** The loopback port the proxy listens on. */
  port: number;
  /** `url` with its host and port replaced by the proxy's (a connection string or an http URL). */
  urlFor(url: string): string;
  /**
   * Stops forwarding: open and new connections stay up, but nothing crosses — a partition.
   * What was sent meanwhile is held and passed on after `heal`, as TCP would retransmit it.
   */
  drop(): void;
  /** New connections are refused (the port is closed); open ones carry on. */
  refuse(): Promise<void>;
  /** Every chunk, both ways, waits this long before it is passed on (0 = none). */
  delay(ms: number): void;
  /** Resets every open connection at once, as a failover or a killed server does. */
  cutAll(): number;
  /** Back to forwarding everything at once, without delay. */
  heal(): Promise<void>;
  /** Connections open through the proxy now, accepted since it started, and cut by `cutAll`. */
  stats(): { open: number; accepted: number; cut: number };
  close(): Promise<void>;
};

/**
 * A TCP proxy on 127.0.0.1 in front of one target (PostgreSQL, or any provider stand-in) that
 * injects faults on command. It only ever listens on loopback and connects to the target given.
 */
export async function startFaultProxy(target: { host?: string; port: number }): Promise<FaultProxy> {
  const host = target.host ?? "127.0.0.1";
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let mode: FaultMode = "pass";
  let delayMs = 0;
  // Resolved while forwarding; a pending promise while dropped, so every queue waits on it.
  let gate: Promise<void> = Promise.resolve();
  let openGate = () => {};
  let accepted = 0;
  let cut = 0;

  // Each direction keeps its own queue, so a delay never reorders bytes.
  const pipe = (from: net.Socket, to: net.Socket) => {
    let queue = Promise.resolve();
    from.on("data", (chunk) => {
      const wait = delayMs;
      queue = queue.then(async () => {
        await gate;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (!to.destroyed) to.write(chunk);
      });
    });
  };

  const onConnection = (client: net.Socket) => {
    accepted++;
    const upstream = net.connect(target.port, host);
    const pair = { client, upstream };
    pairs.add(pair);
    const close = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
    pipe(client, upstream);
    pipe(upstream, client);
  };

  let server = net.createServer(onConnection);
  await listen(server, 0);
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    urlFor(url) {
      const parsed = new URL(url);
      parsed.hostname = "127.0.0.1";
      parsed.port = String(port);
      return parsed.toString();
    },
    drop() {
      if (mode === "drop") return;
      mode = "drop";
      gate = new Promise((resolve) => (openGate = resolve));
    },
    async refuse() {
      mode = "refuse";
      // Stops accepting at once; the callback would wait for the open connections to end.
      if (server.listening) server.close();
    },
    delay(ms) {
      delayMs = ms;
    },
    cutAll() {
      const n = pairs.size;
      for (const { client, upstream } of pairs) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      pairs.clear();
      cut += n;
      return n;
    },
    async heal() {
      mode = "pass";
      delayMs = 0;
      openGate();
      if (!server.listening) {
        server = net.createServer(onConnection);
        await listen(server, port);
      }
    },
    stats: () => ({ open: pairs.size, accepted, cut }),
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      openGate();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: net.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}
