import http from "node:http";
import type { AddressInfo } from "node:net";

export type WebhookReceiver = {
  url: string;
  received: { headers: http.IncomingHttpHeaders; body: string }[];
  /** Statuses to answer with, in order; 200 once they run out. */
  answers: number[];
  close: () => Promise<void>;
};

/**
 * A webhook receiver on loopback that keeps what it gets and answers as scripted. Herald sends
 * only to loopback ports WEBHOOK_ALLOWED_HOSTS names: pass the one the app allows
 * (`inject("webhookReceiverPort")` in e2e), or allow the port this one got.
 */
export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  const received: WebhookReceiver["received"] = [];
  const answers: number[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(answers.shift() ?? 200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    answers,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
