import { parse } from "@marcbachmann/cel-js";

// Inngest's expressions (waitForEvent `if`/`match`, cancelOn, idempotency and concurrency keys)
// are CEL. Parsed once per text and kept, since the same few expressions run for every event.
const compiled = new Map<string, ReturnType<typeof parse>>();

function compile(expression: string) {
  let fn = compiled.get(expression);
  if (!fn) {
    fn = parse(expression);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(expression, fn);
  }
  return fn;
}

/** JSON numbers that are whole become CEL ints, so `event.data.n == 3` compares like for like. */
function toCel(value: unknown): unknown {
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  if (Array.isArray(value)) return value.map(toCel);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  }
  return value;
}

function fromCel(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  return value;
}

/** Evaluates a CEL expression; a missing field or type error counts as "no match", as in Inngest. */
export function evaluateExpression(expression: string, variables: Record<string, unknown>): unknown {
  try {
    return fromCel(compile(expression)(toCel(variables) as Record<string, unknown>));
  } catch {
    return undefined;
  }
}

export function matchesCondition(expression: string | null | undefined, variables: Record<string, unknown>): boolean {
  if (!expression) return true;
  return evaluateExpression(expression, variables) === true;
}

const PATH = String.raw`[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*`;
const EQUALITY = new RegExp(String.raw`^(event|async)\.(${PATH})\s*==\s*(event|async)\.(${PATH})$`);

/**
 * The index key of a wait or cancelOn expression: a top-level `event.<a> == async.<b>` conjunct
 * (what the SDK makes of `match`), as the two paths. Null when the expression has none, or
 * could be true without it (`||`, `?:`, parentheses, negation).
 */
export function matchKeyOf(expression: string | null | undefined): { eventPath: string[]; asyncPath: string[] } | null {
  if (!expression || /\|\||\?|\(|!(?!=)/.test(expression)) return null;
  for (const conjunct of expression.split("&&")) {
    const m = EQUALITY.exec(conjunct.trim());
    if (!m || m[1] === m[3]) continue;
    const [eventPath, asyncPath] = m[1] === "event" ? [m[2]!, m[4]!] : [m[4]!, m[2]!];
    return { eventPath: eventPath.split("."), asyncPath: asyncPath.split(".") };
  }
  return null;
}
