export type JsonObjectResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; message: string; line: number; column: number };

/** 1-based line and column of a character offset. */
function positionOf(text: string, offset: number) {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}

/**
 * Parses text that must hold a JSON object, and says where it goes wrong: engines report a
 * character offset ("at position 12") and sometimes a line and column; both are turned into
 * a line and column so an editor can point at it.
 */
export function parseJsonObject(text: string): JsonObjectResult {
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return { ok: false, message: "expected an object such as { \"name\": \"Ada\" }", line: 1, column: 1 };
    }
    return { ok: true, value: value as Record<string, unknown> };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const lineColumn = /line (\d+) column (\d+)/.exec(raw);
    const offset = /position (\d+)/.exec(raw);
    const at = lineColumn
      ? { line: Number(lineColumn[1]), column: Number(lineColumn[2]) }
      : offset
        ? positionOf(text, Number(offset[1]))
        : positionOf(text, text.length);
    const message = raw.replace(/\s*\(line \d+ column \d+\)/, "").replace(/ in JSON at position \d+/, "").replace(/^JSON\.parse: /, "");
    return { ok: false, message, ...at };
  }
}
