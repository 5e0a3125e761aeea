// A loopback TCP proxy in front of PostgreSQL that counts the statements its clients run: each
// simple Query ('Q') and each extended-protocol Execute ('E') message is one. Only the client →
// server direction is read; bytes pass through unchanged.
import net from "node:net";

export type StatementCounter = { url: string; count: () => number; close: () => Promise<void> };

/** Starts the proxy for the server of `url`; `url` of the result is the same database through it. */
export async function startStatementCounter(url: string): Promise<StatementCounter> {
  const upstream = new URL(url);
  let statements = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const server = net.connect(Number(upstream.port || 5432), upstream.hostname);
    sockets.add(client).add(server);
    let buffer = Buffer.alloc(0);
    let startup = true;
    client.on("data", (chunk: Buffer) => {
      server.write(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (startup) {
          // Startup, SSLRequest or CancelRequest: a length, then the body, with no type byte.
          if (buffer.length < 8) break;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) break;
          const code = buffer.readInt32BE(4);
          buffer = buffer.subarray(length);
          // After an SSLRequest (80877103) or GSSENCRequest (80877104) the startup message still comes.
          if (code !== 80877103 && code !== 80877104) startup = false;
          continue;
        }
        if (buffer.length < 5) break;
        const length = buffer.readInt32BE(1);
        if (buffer.length < 1 + length) break;
        const type = String.fromCharCode(buffer[0]!);
        if (type === "Q" || type === "E") statements++;
        buffer = buffer.subarray(1 + length);
      }
    });
    server.on("data", (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      server.destroy();
      sockets.delete(client);
      sockets.delete(server);
    };
    client.on("close", end).on("error", end);
    server.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const proxied = new URL(url);
  proxied.hostname = "127.0.0.1";
  proxied.port = String((server.address() as net.AddressInfo).port);
  return {
    url: proxied.toString(),
    count: () => statements,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
