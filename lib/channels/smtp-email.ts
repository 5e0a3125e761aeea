import nodemailer from "nodemailer";
import type { ChannelProvider, OutboundMessage, SendResult } from "./channel-provider";
import { ProviderError } from "./provider-error";

export type SmtpConfig = { url: string; from: string; timeoutMs: number };

type SmtpFailure = Error & { code?: string; responseCode?: number; command?: string; response?: string };

/**
 * Email over SMTP (nodemailer), the second email provider. SMTP has no idempotency key: the
 * Message-ID is derived from the delivery's key, so a message resent after an ambiguous
 * timeout is recognisably the same message to the receiving side.
 */
export function smtpEmail(config: SmtpConfig): ChannelProvider {
  const url = new URL(config.url);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port) || (url.protocol === "smtps:" ? 465 : 587),
    secure: url.protocol === "smtps:",
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // A server on loopback (a local relay) need not offer TLS; anywhere else STARTTLS is required.
    requireTLS: url.protocol === "smtp:" && !["127.0.0.1", "localhost", "::1"].includes(url.hostname) && url.searchParams.get("tls") !== "off",
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
  });
  const host = url.hostname;
  return {
    name: "smtp",
    channels: ["email"],
    idempotent: false,
    async send(message: OutboundMessage): Promise<SendResult> {
      const messageId = `<${message.idempotencyKey.replaceAll(":", "-")}@${host}>`;
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: message.to,
          subject: message.subject ?? "",
          text: message.body ?? "",
          html: message.html,
          messageId,
          headers: message.deliveryId ? { "X-Herald-Delivery": message.deliveryId } : {},
        });
        if (info.rejected.length > 0 && info.accepted.length === 0) {
          throw new ProviderError("smtp", "permanent", "rejected", `Recipient rejected: ${String(info.rejected[0])}`);
        }
        return { providerMessageId: info.messageId || messageId, status: "sent" };
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
  };
}

function classifySmtpError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = error as SmtpFailure;
  const text = (e.response ?? e.message ?? String(error)).slice(0, 500);
  if (typeof e.responseCode === "number") {
    // 5xx: the server refuses this recipient for good (unknown user, policy); 4xx: try later.
    // Login and TLS refusals (530, 534, 535, 538) are our account's problem: fail over instead.
    const accountProblem = [530, 534, 535, 538].includes(e.responseCode) || e.code === "EAUTH";
    const kind = e.responseCode >= 500 && !accountProblem ? "permanent" : "retryable";
    return new ProviderError("smtp", kind, String(e.responseCode), text, { status: e.responseCode });
  }
  // A timeout once the message body was on the wire may still have been delivered.
  if (e.code === "ETIMEDOUT" && e.command === "DATA") return new ProviderError("smtp", "ambiguous", e.code, text);
  return new ProviderError("smtp", "retryable", e.code ?? "network_error", text);
}
