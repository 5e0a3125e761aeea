import { getEnv } from "@/lib/env";

const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 } as const;
type Level = Exclude<keyof typeof levels, "silent">;

const MASK = "[redacted]";

// Keys whose values must never reach a log line, wherever they sit in the context object.
const SECRET_KEY = /(secret|password|token|api[-_]?key|authorization|cookie|signature|private[-_]?key)/i;

// Query and keyword parameters whose value is a credential: `?token=`, `&X-Amz-Signature=`,
// `access_token=`, libpq's `password=`, a stream `ticket=`… (but not `author=` or `monkey=`).
const SECRET_PARAM = /(^|[-_.])(key|sig|signature|pass|pwd|auth|ticket|session|credentials?)($|[-_.])|token|secret|passw(or)?d|api-?key|access-?key/i;

const isBasicCredential = (value: string) => {
  try {
    return /^[^:\s]+:/.test(Buffer.from(value, "base64").toString("utf8"));
  } catch {
    return false;
  }
};

// Secrets also travel inside text — a driver's error message quoting its DSN, a stack, a URL a
// provider echoes back — so every string is scanned for the shapes secrets take, and only the
// secret part is masked: the scheme, host, user and key prefix stay, to keep the line useful.
const SECRET_PATTERNS: [RegExp, string | ((...match: string[]) => string)][] = [
  [/-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, (m, kind) => `-----BEGIN ${kind}PRIVATE KEY-----${MASK}${m.includes("-----END") ? `-----END ${kind}PRIVATE KEY-----` : ""}`],
  // scheme://user:password@host — any scheme; the password runs to the last "@" before the host.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/?#]*):[^\s/]*@/gi, `$1:${MASK}@`],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, MASK],
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, `$1${MASK}`],
  [/\b(Basic\s+)([A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])/gi, (m, prefix, value) => (isBasicCredential(value) ? `${prefix}${MASK}` : m)],
  // Twilio: the auth token beside its account sid (basic auth written out, or a URL's user info).
  [/\b(AC[0-9a-fA-F]{32}):[0-9a-fA-F]{32}\b/g, `$1:${MASK}`],
  [/\bwhsec_[A-Za-z0-9+/=_-]+/g, `whsec_${MASK}`],
  [/\bre_[A-Za-z0-9_]{16,}/g, `re_${MASK}`],
  [/\bhk_[A-Za-z0-9_-]{20,}/g, `hk_${MASK}`],
  [/\bsignkey-([a-z]+)-[0-9a-fA-F]+/g, `signkey-$1-${MASK}`],
  [/(^|[?&;\s])([A-Za-z0-9_.-]+)=([^&#\s"'<>]+)/g, (m, lead, name) => (SECRET_PARAM.test(name) ? `${lead}${name}=${MASK}` : m)],
];

/** A string with every secret-shaped part masked. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement as string);
  return out;
}

/** A value safe to log: secret keys replaced, secret-shaped text masked, errors (and their causes) as plain objects. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactSecrets(value);
  if (depth > 5 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) {
    const { code } = value as Error & { code?: unknown };
    return {
      name: value.name,
      message: redactSecrets(value.message),
      stack: value.stack === undefined ? undefined : redactSecrets(value.stack),
      ...(typeof code === "string" ? { code } : {}),
      ...(value.cause !== undefined ? { cause: redact(value.cause, depth + 1) } : {}),
      ...(value instanceof AggregateError ? { errors: value.errors.map((e) => redact(e, depth + 1)) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) ? MASK : redact(item, depth + 1)]),
  );
}

function write(level: Level, message: string, context?: Record<string, unknown>) {
  if (levels[level] < levels[getEnv().LOG_LEVEL]) return;
  const line = JSON.stringify({ level, time: new Date().toISOString(), message: redactSecrets(message), ...(redact(context) as object) });
  (level === "error" || level === "warn" ? console.error : console.log)(line);
}

/** Structured JSON logs; secret-looking keys and secret-shaped text are replaced before printing. */
export const logger = {
  debug: (message: string, context?: Record<string, unknown>) => write("debug", message, context),
  info: (message: string, context?: Record<string, unknown>) => write("info", message, context),
  warn: (message: string, context?: Record<string, unknown>) => write("warn", message, context),
  error: (message: string, context?: Record<string, unknown>) => write("error", message, context),
};
