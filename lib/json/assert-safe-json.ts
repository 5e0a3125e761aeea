import { z } from "zod";
import { findJsonIssues } from "./find-json-issues";

/**
 * How deep any input may nest. Well above what a request's own shape needs (free-form fields
 * are held to 32 levels by `jsonObjectSchema`), and low enough that recursive code further on —
 * canonicalize, zod, templates, the Postgres client — can never overflow the stack.
 */
const MAX_INPUT_DEPTH = 64;

/**
 * Refuses input Herald cannot store or safely process (see findJsonIssues) as a 422 listing
 * each problem by path. Every request body passes through it, and so does `notify()`'s request,
 * before anything else looks at the value.
 */
export function assertSafeJson(value: unknown): void {
  const issues = findJsonIssues(value, { maxDepth: MAX_INPUT_DEPTH });
  // A ZodError, so the one error model names the paths as it does for every other 422.
  if (issues.length > 0) throw new z.ZodError(issues.map((issue) => ({ code: "custom" as const, ...issue, input: undefined })));
}
