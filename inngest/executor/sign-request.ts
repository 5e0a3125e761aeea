import { createHmac } from "node:crypto";
import canonicalize from "canonicalize";

/**
 * Serializes a request body the way the SDK verifies it (canonical JSON) and signs it as Inngest
 * does: `X-Inngest-Signature: t=<unix seconds>&s=<hex HMAC-SHA256(body + t)>`, keyed with the
 * signing key minus its `signkey-<env>-` prefix.
 */
export function signedJson(body: unknown, signingKey: string | undefined): { body: string; headers: Record<string, string> } {
  const text = canonicalize(body) ?? "null";
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signingKey) {
    const t = Math.floor(Date.now() / 1000).toString();
    const key = signingKey.replace(/^signkey-[\w]+-/, "");
    headers["x-inngest-signature"] = `t=${t}&s=${createHmac("sha256", key).update(text + t).digest("hex")}`;
  }
  return { body: text, headers };
}
