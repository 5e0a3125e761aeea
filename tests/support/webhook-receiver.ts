import http from "node:http";
import type { AddressInfo } from "node:net";

export type WebhookReceiver = {
  url: string;
  received: { headers: http.IncomingHttpHeaders; body: string }[];
  /** Statuses to answer with, in order; 200 once they run out. */
  answers: number[];
  close: () => Promise<void>;
};

/** A webhook receiver on loopback that keeps what it gets and answers as scripted. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
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
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    answers,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
