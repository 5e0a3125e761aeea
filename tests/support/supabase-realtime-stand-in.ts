import type http from "node:http";
import type { Duplex } from "node:stream";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { Database } from "@/lib/db/client";
import { RealtimeHub } from "@/lib/realtime/realtime-hub";

type Frame = { join_ref: string | null; ref: string | null; topic: string; event: string; payload: Record<string, unknown> };
type Vsn = "1.0.0" | "2.0.0";
type Join = { topic: string; joinRef: string | null; claims: JWTPayload; stop: () => void; expiry: NodeJS.Timeout | undefined };

/** What the stand-in saw, for tests to assert on. */
export type RealtimeStandInEvent =
  | { kind: "join"; topic: string; sub: string | undefined; allowed: boolean; reason?: string }
  | { kind: "access_token"; topic: string; sub: string | undefined; allowed: boolean }
  | { kind: "broadcast"; topic: string; event: string; sub: string | undefined };

class Refused extends Error {}

/**
 * Supabase Realtime on loopback, as far as a private Broadcast channel uses it, so the real
 * realtime-js (in the browser through supabase-js, or in Node) runs against it. It speaks the
 * Phoenix channel protocol at `/realtime/v1/websocket?apikey=…&vsn=…` — 1.0.0 (JSON objects)
 * or 2.0.0 (JSON arrays, broadcasts as binary frames) — on the HTTP server of the Auth
 * stand-in, because one project URL serves both.
 *
 * A join or an `access_token` carries the user's JWT, verified against Auth's JWKS; a private
 * topic is then authorized the way Supabase does it: in a transaction that is rolled back, a
 * probe message on the topic is inserted and read back as the token's role with its claims and
 * `realtime.topic` set, so the `realtime.messages` select policy is what decides. Messages come
 * from `realtime.send` through the same LISTEN the embedded live feed uses (RealtimeHub).
 */
export async function startSupabaseRealtimeStandIn({ server, database, jwksUrl, apiKey }: { server: http.Server; database: Database; jwksUrl: string; apiKey: string }) {
  const jwks = createRemoteJWKSet(new URL(jwksUrl));
  const hub = new RealtimeHub(database);
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  const events: RealtimeStandInEvent[] = [];
  let refusing = false;

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    if (url.pathname !== "/realtime/v1/websocket") return;
    const vsn = url.searchParams.get("vsn") ?? "1.0.0";
    const refuse = (status: string) => socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    if (refusing) return refuse("503 Service Unavailable");
    if (url.searchParams.get("apikey") !== apiKey) return refuse("401 Unauthorized");
    if (vsn !== "1.0.0" && vsn !== "2.0.0") return refuse("400 Bad Request");
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, vsn));
  };
  server.on("upgrade", onUpgrade);

  async function verify(token: unknown): Promise<JWTPayload> {
    if (typeof token !== "string" || !token) throw new Refused("You must provide an access token to join a private channel");
    try {
      return (await jwtVerify(token, jwks)).payload;
    } catch (error) {
      throw new Refused(error instanceof Error && /exp/.test(error.message) ? "Token has expired" : "Invalid token");
    }
  }

  /** Runs the select policy of realtime.messages as the token's user, for a probe on the topic. */
  async function mayRead(subTopic: string, claims: JWTPayload): Promise<boolean> {
    const role = claims.role === "authenticated" || claims.role === "anon" ? claims.role : null;
    if (!role) return false;
    let allowed = false;
    const rollback = new Error("rollback");
    await database
      .transaction(async (tx) => {
        const [probe] = await tx.query<{ id: number }>("insert into realtime.messages (topic, extension) values ($1, 'broadcast') returning id", [subTopic]);
        await tx.query(`set local role ${role}`);
        await tx.query("select set_config('request.jwt.claims', $1, true), set_config('request.jwt.claim.sub', $2, true), set_config('realtime.topic', $3, true)", [
          JSON.stringify(claims),
          claims.sub ?? "",
          subTopic,
        ]);
        const rows = await tx.query("select 1 from realtime.messages where id = $1 and topic = $2 and extension = 'broadcast'", [probe!.id, subTopic]);
        allowed = rows.length > 0;
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
    return allowed;
  }

  function serve(ws: WebSocket, vsn: Vsn) {
    sockets.add(ws);
    const joins = new Map<string, Join>();
    const send = (frame: Frame) => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(vsn === "2.0.0" ? JSON.stringify([frame.join_ref, frame.ref, frame.topic, frame.event, frame.payload]) : JSON.stringify(frame));
    };
    const reply = (frame: Frame, status: "ok" | "error", response: Record<string, unknown>) =>
      send({ join_ref: frame.join_ref, ref: frame.ref, topic: frame.topic, event: "phx_reply", payload: { status, response } });
    const broadcast = (join: Join, event: string, payload: unknown, id: number) => {
      if (vsn === "1.0.0") {
        return send({ join_ref: null, ref: null, topic: join.topic, event: "broadcast", payload: { type: "broadcast", event, payload, meta: { id: String(id) } } });
      }
      // Realtime's 2.0.0 user broadcast: kind 4, then the sizes of topic, event and metadata, the
      // payload's encoding (1 = JSON), and the four parts.
      const parts = [join.topic, event, JSON.stringify({ id: String(id) }), JSON.stringify(payload)].map((p) => Buffer.from(p));
      ws.send(Buffer.concat([Buffer.from([4, parts[0]!.length, parts[1]!.length, parts[2]!.length, 1]), ...parts]));
    };
    const close = (join: Join, message: string) => {
      leave(join.topic);
      send({ join_ref: join.joinRef, ref: null, topic: join.topic, event: "system", payload: { extension: "system", status: "error", message, channel: join.topic.replace(/^realtime:/, "") } });
      send({ join_ref: join.joinRef, ref: null, topic: join.topic, event: "phx_close", payload: {} });
    };
    const leave = (topic: string) => {
      const join = joins.get(topic);
      if (!join) return;
      join.stop();
      clearTimeout(join.expiry);
      joins.delete(topic);
    };
    // Realtime shuts a channel whose token expires before the client sends a fresh one.
    const expireAt = (join: Join) => {
      clearTimeout(join.expiry);
      if (join.claims.exp) join.expiry = setTimeout(() => close(join, "Token has expired"), Math.max(0, join.claims.exp * 1000 - Date.now()));
    };

    const handle = async (frame: Frame) => {
      if (frame.topic === "phoenix" && frame.event === "heartbeat") return reply(frame, "ok", {});
      const subTopic = frame.topic.replace(/^realtime:/, "");
      if (frame.event === "phx_join") {
        const config = (frame.payload.config ?? {}) as { private?: boolean };
        leave(frame.topic);
        let claims: JWTPayload = {};
        try {
          if (config.private || frame.payload.access_token) claims = await verify(frame.payload.access_token);
          if (config.private && !(await mayRead(subTopic, claims))) throw new Refused(`Unauthorized: You do not have permissions to read from this Channel topic: ${subTopic}`);
        } catch (error) {
          if (!(error instanceof Refused)) throw error;
          events.push({ kind: "join", topic: subTopic, sub: claims.sub, allowed: false, reason: error.message });
          return reply(frame, "error", { reason: error.message });
        }
        const join: Join = { topic: frame.topic, joinRef: frame.join_ref, claims, stop: () => {}, expiry: undefined };
        joins.set(frame.topic, join);
        const unsubscribe = await hub.subscribe(subTopic, (m) => {
          if (joins.get(frame.topic) !== join) return;
          events.push({ kind: "broadcast", topic: subTopic, event: m.event, sub: join.claims.sub });
          broadcast(join, m.event, m.payload, m.id);
        });
        if (joins.get(frame.topic) === join) join.stop = unsubscribe;
        else unsubscribe();
        expireAt(join);
        events.push({ kind: "join", topic: subTopic, sub: claims.sub, allowed: true });
        return reply(frame, "ok", { postgres_changes: [] });
      }
      const join = joins.get(frame.topic);
      if (frame.event === "access_token" && join) {
        try {
          const claims = await verify(frame.payload.access_token);
          // A new token is a new identity: it must still be allowed on the topic.
          const allowed = await mayRead(subTopic, claims);
          events.push({ kind: "access_token", topic: subTopic, sub: claims.sub, allowed });
          if (!allowed) return close(join, `Unauthorized: You do not have permissions to read from this Channel topic: ${subTopic}`);
          join.claims = claims;
          expireAt(join);
        } catch (error) {
          if (!(error instanceof Refused)) throw error;
          events.push({ kind: "access_token", topic: subTopic, sub: undefined, allowed: false });
          close(join, error.message);
        }
        return;
      }
      if (frame.event === "phx_leave") {
        // A leave from a channel a newer join of the topic replaced is stale: Phoenix drops it.
        if (join && frame.join_ref && join.joinRef !== frame.join_ref) return;
        leave(frame.topic);
        return reply(frame, "ok", {});
      }
      if (!join) return reply(frame, "error", { reason: "unmatched topic" });
      // Client broadcasts and presence are not used by Herald's feed; acknowledge them.
      if (frame.ref) reply(frame, "ok", {});
    };

    // Frames are handled one at a time, in order, as a Phoenix channel process does.
    let queue = Promise.resolve();
    ws.on("message", (data: RawData, isBinary: boolean) => {
      if (isBinary) return; // A client's binary broadcast push: not part of this feed.
      let frame: Frame;
      try {
        const parsed = JSON.parse(data.toString());
        frame = Array.isArray(parsed) ? { join_ref: parsed[0], ref: parsed[1], topic: parsed[2], event: parsed[3], payload: parsed[4] ?? {} } : { ...parsed, payload: parsed.payload ?? {} };
      } catch {
        return ws.close(1003, "invalid frame");
      }
      queue = queue.then(() => handle(frame)).catch(() => ws.close(1011, "stand-in error"));
    });
    ws.on("close", () => {
      sockets.delete(ws);
      for (const topic of [...joins.keys()]) leave(topic);
    });
  }

  return {
    events,
    /** Open WebSocket connections. */
    get connections() {
      return sockets.size;
    },
    /** Drops every socket at once, as a network failure or a Realtime restart does. */
    dropConnections() {
      for (const ws of sockets) ws.terminate();
    },
    /** While refusing, new WebSocket upgrades are answered 503 (the service is down). */
    refuseConnections(refuse: boolean) {
      refusing = refuse;
    },
    async close() {
      server.off("upgrade", onUpgrade);
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
