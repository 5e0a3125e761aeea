import http from "node:http";
import type { AddressInfo } from "node:net";

type Answer = { status: number; headers?: Record<string, string> };

export type WebhookReceiver = {
  url: string;
  /** Every request, with the status it was answered with. */
  received: { headers: http.IncomingHttpHeaders; body: string; status: number }[];
  /** Statuses to answer with, in order; 200 once they run out. */
  answers: number[];
  /** While set, every request the `answers` queue does not answer gets this (an outage). */
  outage: Answer | null;
  /** How many times each webhook-id was accepted (2xx): a receiver deduplicating on it sees one each. */
  acceptedById: () => Map<string, number>;
  close: () => Promise<void>;
};

/**
 * A webhook receiver on loopback that keeps what it gets and answers as scripted. Herald sends
 * only to loopback ports WEBHOOK_ALLOWED_HOSTS names: pass the one the app allows
 * (`inject("webhookReceiverPort")` in e2e), or allow the port this one got.
 */
export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  const received: WebhookReceiver["received"] = [];
  const receiver = { answers: [] as number[], outage: null as Answer | null };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const queued = receiver.answers.shift();
      const answer: Answer = queued !== undefined ? { status: queued } : (receiver.outage ?? { status: 200 });
      received.push({ headers: req.headers, body, status: answer.status });
      res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers }).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    acceptedById: () => {
      const counts = new Map<string, number>();
      for (const r of received) {
        const id = String(r.headers["webhook-id"]);
        if (r.status >= 200 && r.status < 300) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}
