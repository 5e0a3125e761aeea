type JsonIssue = { path: (string | number)[]; message: string };

type JsonLimits = {
  /** Objects and arrays inside each other, the outermost one counting as 1. */
  maxDepth: number;
  /** Object keys in the whole tree. */
  maxKeys?: number;
  /** The walk stops after this many issues: a client needs the first few, not thousands. */
  maxIssues?: number;
};

// Keys that mean something to JavaScript objects: merged or spread naively, they reach the
// prototype; zod's records drop `__proto__` silently. Refused, so nothing is lost unnoticed.
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Why a string cannot be stored as text: Postgres refuses NUL in text and jsonb, and a lone
 * surrogate (a half of a UTF-16 pair, as `"\ud800"` in JSON) is not Unicode at all.
 */
export function textProblem(value: string): string | null {
  if (value.includes("\u0000")) return "must not contain the NUL character (\\u0000)";
  if (!value.isWellFormed()) return "must not contain a lone surrogate (\\ud800-\\udfff without its pair)";
  return null;
}

// `problem`: a key found wrong while its object was opened, reported in its turn.
type Node = { value: unknown; depth: number; parent: Node | null; key: string | number; problem?: string };

const pathOf = (node: Node | null): (string | number)[] => {
  const path: (string | number)[] = [];
  for (let n = node; n?.parent; n = n.parent) path.push(n.key);
  return path.reverse();
};

// A key with NUL or a lone surrogate cannot be printed as is in a path: shown JSON-escaped.
const printable = (key: string) => (textProblem(key) ? JSON.stringify(key).slice(1, -1) : key);

/**
 * Everything in a parsed JSON value that Herald refuses to store or process: NUL and lone
 * surrogates in strings and keys, reserved keys, nesting deeper than `maxDepth`, more keys than
 * `maxKeys`. The walk is iterative and never goes below `maxDepth`, so a value nested 100,000
 * deep (which JSON.parse builds happily) is judged without recursion — canonicalize, zod's
 * error formatting and the Postgres client all recurse, and would overflow the stack.
 */
export function findJsonIssues(value: unknown, { maxDepth, maxKeys = Infinity, maxIssues = 20 }: JsonLimits): JsonIssue[] {
  const issues: JsonIssue[] = [];
  const stack: Node[] = [{ value, depth: 0, parent: null, key: "" }];
  let keys = 0;
  while (stack.length > 0 && issues.length < maxIssues) {
    const node = stack.pop()!;
    if (node.problem) {
      issues.push({ path: pathOf(node), message: node.problem });
      continue;
    }
    const current = node.value;
    if (typeof current === "string") {
      const problem = textProblem(current);
      if (problem) issues.push({ path: pathOf(node), message: problem });
      continue;
    }
    if (current === null || typeof current !== "object") continue;
    const depth = node.depth + 1;
    if (depth > maxDepth) {
      issues.push({ path: pathOf(node), message: `nested too deeply: at most ${maxDepth} levels of objects and arrays` });
      continue;
    }
    const children: Node[] = [];
    if (Array.isArray(current)) {
      current.forEach((item, index) => children.push({ value: item, depth, parent: node, key: index }));
    } else {
      const entries = Object.entries(current);
      keys += entries.length;
      if (keys > maxKeys) {
        issues.push({ path: pathOf(node), message: `too many keys: at most ${maxKeys} in all` });
        break;
      }
      for (const [key, item] of entries) {
        const problem = RESERVED_KEYS.has(key) ? `the key '${key}' is not allowed` : textProblem(key) && `the key ${textProblem(key)}`;
        children.push({ value: item, depth, parent: node, key: printable(key), ...(problem ? { problem } : {}) });
      }
    }
    // Pushed in reverse, so issues come out in document order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return issues.slice(0, maxIssues);
}
