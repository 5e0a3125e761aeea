import http from "node:http";
import net from "node:net";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ScriptedResponse = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

type ResendEmail = { id: string; idempotencyKey: string | null; from: string; to: string[]; subject: string; html?: string; text?: string };
type TwilioMessage = { sid: string; to: string; from: string; body: string; date_created: string; num_segments: string; status_callback?: string };
type FcmMessage = { name: string; token: string; message: Record<string, unknown> };

/**
 * Loopback servers that speak the providers' HTTP APIs, so the real SDKs run end to end:
 * Resend (`POST /emails`, Idempotency-Key replay), Twilio (`Messages.json` create + list, form
 * bodies, Basic auth), Google OAuth (`POST /token`) and FCM HTTP v1 (`messages:send`). Each
 * provider takes a queue of scripted answers (status, body, headers, delay) before its default,
 * and an outage switch: while set, every request the queue does not answer gets that answer.
 */
export async function startProviderStandIns() {
  const scripts = { resend: [] as ScriptedResponse[], twilio: [] as ScriptedResponse[], fcm: [] as ScriptedResponse[] };
  const requests = { resend: 0, twilio: 0, fcm: 0, token: 0 };
  const outages = { resend: null as ScriptedResponse | null, twilio: null as ScriptedResponse | null, fcm: null as ScriptedResponse | null };
  /** What each outage (or scripted failure) refused: Resend by idempotency key, Twilio by body. */
  const refused = { resend: [] as string[], twilio: [] as string[] };
  const resendEmails: ResendEmail[] = [];
  const resendByKey = new Map<string, { body: string; response: { id: string } }>();
  const twilioMessages: TwilioMessage[] = [];
  const fcmMessages: FcmMessage[] = [];
  /** FCM error codes per token (e.g. UNREGISTERED). */
  const fcmTokenErrors = new Map<string, string>();

  const readBody = (req: http.IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = "";
      req.on("data", (c) => (data += c));
      req.on("end", () => resolve(data));
    });
  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const scripted = async (provider: keyof typeof scripts): Promise<ScriptedResponse | null> => {
    const next = scripts[provider].shift() ?? outages[provider];
    if (!next) return null;
    if (next.delayMs) await new Promise((r) => setTimeout(r, next.delayMs));
    return next;
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const raw = await readBody(req);
    try {
      if (req.method === "POST" && url.pathname === "/emails") {
        requests.resend += 1;
        if (req.headers.authorization !== "Bearer re_test_key") return send(res, 401, { statusCode: 401, name: "validation_error", message: "API key is invalid" });
        const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
        const step = await scripted("resend");
        // A delayed success still lands: the client may have given up, Resend did not.
        if (step && step.status >= 300) refused.resend.push(key ?? "");
        if (step && step.status >= 300) return send(res, step.status, step.body ?? { statusCode: step.status, name: "application_error", message: "scripted" }, step.headers);
        if (key && resendByKey.has(key)) {
          const seen = resendByKey.get(key)!;
          if (seen.body !== raw) return send(res, 409, { statusCode: 409, name: "invalid_idempotent_request", message: "Same idempotency key, different body" });
          return send(res, 200, seen.response);
        }
        const body = JSON.parse(raw) as Omit<ResendEmail, "id" | "idempotencyKey"> & { to: string | string[] };
        const email = { ...body, to: Array.isArray(body.to) ? body.to : [body.to], id: randomUUID(), idempotencyKey: key };
        resendEmails.push(email);
        if (key) resendByKey.set(key, { body: raw, response: { id: email.id } });
        if (res.destroyed) return;
        return send(res, 200, { id: email.id }, step?.headers);
      }
      const twilioPath = url.pathname.match(/^\/2010-04-01\/Accounts\/(AC\w+)\/Messages\.json$/);
      if (twilioPath) {
        requests.twilio += 1;
        const auth = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString();
        if (auth !== `${twilioPath[1]}:twilio_test_token_123456`) return send(res, 401, { code: 20003, message: "Authenticate", status: 401 });
        if (req.method === "GET") {
          const to = url.searchParams.get("To");
          const list = twilioMessages.filter((m) => !to || m.to === to).reverse();
          return send(res, 200, { messages: list.map(toTwilioJson), next_page_uri: null, page: 0, page_size: 50, uri: url.pathname });
        }
        const form = new URLSearchParams(raw);
        const message: TwilioMessage = {
          sid: `SM${randomUUID().replaceAll("-", "")}`,
          to: form.get("To") ?? "",
          from: form.get("From") ?? form.get("MessagingServiceSid") ?? "",
          body: form.get("Body") ?? "",
          date_created: new Date().toUTCString(),
          num_segments: "1",
          status_callback: form.get("StatusCallback") ?? undefined,
        };
        const step = await scripted("twilio");
        if (step && step.status >= 300) refused.twilio.push(message.body);
        if (step && step.status >= 300) return send(res, step.status, step.body ?? { code: 20500, message: "scripted", status: step.status }, step.headers);
        twilioMessages.push(message);
        if (res.destroyed) return;
        return send(res, 201, toTwilioJson(message));
      }
      if (req.method === "POST" && url.pathname === "/token") {
        requests.token += 1;
        return send(res, 200, { access_token: "ya29.stand-in-token", expires_in: 3600, token_type: "Bearer" });
      }
      const fcmPath = url.pathname.match(/^\/v1\/projects\/([\w-]+)\/messages:send$/);
      if (req.method === "POST" && fcmPath) {
        requests.fcm += 1;
        if (req.headers.authorization !== "Bearer ya29.stand-in-token") return send(res, 401, { error: { code: 401, status: "UNAUTHENTICATED", message: "no token" } });
        const step = await scripted("fcm");
        if (step && step.status >= 300) return send(res, step.status, step.body ?? { error: { code: step.status, status: "UNAVAILABLE", message: "scripted" } }, step.headers);
        const body = JSON.parse(raw) as { message: { token: string } & Record<string, unknown> };
        const errorCode = fcmTokenErrors.get(body.message.token);
        if (errorCode) {
          return send(res, errorCode === "UNREGISTERED" ? 404 : 400, {
            error: {
              code: errorCode === "UNREGISTERED" ? 404 : 400,
              status: errorCode === "UNREGISTERED" ? "NOT_FOUND" : "INVALID_ARGUMENT",
              message: `Requested entity was not found (${errorCode}).`,
              details: [{ "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode }],
            },
          });
        }
        const name = `projects/${fcmPath[1]}/messages/${randomUUID()}`;
        fcmMessages.push({ name, token: body.message.token, message: body.message });
        return send(res, 200, { name });
      }
      send(res, 404, { error: `no stand-in for ${req.method} ${url.pathname}` });
    } catch (error) {
      send(res, 500, { error: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    scripts,
    outages,
    refused,
    requests,
    resendEmails,
    twilioMessages,
    fcmMessages,
    fcmTokenErrors,
    /** An agent that sends firebase-admin's HTTPS requests (OAuth and FCM) here, as plain HTTP. */
    fcmAgent: new StandInAgent(port),
    reset() {
      for (const q of Object.values(scripts)) q.length = 0;
      for (const k of Object.keys(outages) as (keyof typeof outages)[]) outages[k] = null;
      refused.resend.length = 0;
      refused.twilio.length = 0;
      for (const k of Object.keys(requests) as (keyof typeof requests)[]) requests[k] = 0;
      resendEmails.length = 0;
      resendByKey.clear();
      twilioMessages.length = 0;
      fcmMessages.length = 0;
      fcmTokenErrors.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function toTwilioJson(m: TwilioMessage) {
  return {
    sid: m.sid,
    to: m.to,
    from: m.from,
    body: m.body,
    status: "queued",
    num_segments: m.num_segments,
    date_created: m.date_created,
    date_updated: m.date_created,
    date_sent: null,
    account_sid: "AC00000000000000000000000000000000",
    direction: "outbound-api",
    uri: `/2010-04-01/Accounts/AC/Messages/${m.sid}.json`,
  };
}

/**
 * firebase-admin has no host option: its requests go to fcm.googleapis.com and
 * oauth2.googleapis.com over HTTPS. This agent connects them to the stand-in instead (plain
 * TCP; the Host header still names Google), which is what intercepting at the HTTP layer means.
 */
class StandInAgent extends http.Agent {
  constructor(private readonly port: number) {
    super({ keepAlive: false });
    (this as unknown as { protocol: string }).protocol = "https:";
    (this as unknown as { defaultPort: number }).defaultPort = 443;
  }

  override createConnection(): net.Socket {
    return net.connect(this.port, "127.0.0.1");
  }
}

/** An SMTP server on loopback that keeps every message it accepts (or refuses, when told). */
export async function startSmtpStandIn() {
  const messages: { from: string; to: string[]; raw: string }[] = [];
  const state = { refuseWith: null as null | { code: number; message: string } };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (state.refuseWith) return callback(Object.assign(new Error(state.refuseWith.message), { responseCode: state.refuseWith.code }));
      callback();
    },
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString()));
      stream.on("end", () => {
        messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
