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
