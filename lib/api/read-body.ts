import { assertSafeJson } from "@/lib/json/assert-safe-json";
import { textProblem } from "@/lib/json/find-json-issues";
import { HeraldApiError } from "./errors";

const DEFAULT_MAX_BODY_BYTES = 1_000_000;

type MediaType = "application/json" | "application/x-www-form-urlencoded";
type BodyOptions = { maxBytes?: number };

/**
 * True when Content-Type names exactly this media type, optionally with `charset=utf-8`. Type,
 * subtype and charset are case-insensitive (RFC 9110 §8.3.1); any other parameter is refused,
 * so `text/plain; note=application/json` or `application/json; note=x` is not mistaken for JSON.
 */
function hasMediaType(header: string | null, expected: MediaType): boolean {
  if (header === null) return false;
  const [type, ...parameters] = header.split(";");
  if (type!.trim().toLowerCase() !== expected) return false;
  return parameters.length === 0 || (parameters.length === 1 && /^[ \t]*charset=("utf-8"|utf-8)[ \t]*$/i.test(parameters[0]!));
}

/**
 * The body's bytes, read from the stream and abandoned the moment they pass `maxBytes` —
 * whatever Content-Length claims, and with none (chunked), before the rest is even sent.
 */
async function readBytes(req: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new HeraldApiError("payload_too_large", `The body is over ${maxBytes} bytes.`);
  if (Number(req.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The body as text, exactly as sent (signatures are computed over it), if it is `mediaType` in UTF-8. */
export async function readRawBody(req: Request, { maxBytes = DEFAULT_MAX_BODY_BYTES, mediaType }: BodyOptions & { mediaType: MediaType }): Promise<string> {
  if (!hasMediaType(req.headers.get("content-type"), mediaType)) {
    throw new HeraldApiError("unsupported_media_type", `Send the body as ${mediaType} (optionally with charset=utf-8).`);
  }
  const bytes = await readBytes(req, maxBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HeraldApiError("bad_request", "The body is not valid UTF-8.");
  }
}

/**
 * A JSON body: `application/json`, within `maxBytes`, parseable, and safe to hand on (no NUL or
 * lone surrogates, no reserved keys, bounded nesting — see assertSafeJson). A body that fails is
 * the client's error (4xx naming the problem), never ours.
 */
export async function readJsonBody(req: Request, options: BodyOptions = {}): Promise<unknown> {
  const text = await readRawBody(req, { ...options, mediaType: "application/json" });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HeraldApiError("bad_request", text.trim() === "" ? "The body is empty; send a JSON value." : "The body is not valid JSON.");
  }
  assertSafeJson(value);
  return value;
}

/** An `application/x-www-form-urlencoded` body (provider callbacks), with the same string rules as JSON. */
export async function readFormBody(req: Request, options: BodyOptions = {}): Promise<URLSearchParams> {
  const form = new URLSearchParams(await readRawBody(req, { ...options, mediaType: "application/x-www-form-urlencoded" }));
  for (const [key, value] of form) {
    const problem = textProblem(key) ?? textProblem(value);
    const path = JSON.stringify(key).slice(1, -1);
    if (problem) throw new HeraldApiError("unprocessable_entity", `${path}: ${problem}`, [{ path, message: problem }]);
  }
  return form;
}
