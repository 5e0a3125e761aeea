/** An error from Herald's API as the hooks report it: the HTTP status (0 = no answer) and Herald's message. */
export type HeraldError = { status: number; code: string | null; message: string };

type Body = { error?: { code?: string; message?: string } } | undefined;

/** Herald's JSON error body (`{ error: { code, message } }`) or a network failure, as one shape. */
export function toHeraldError(status: number | "FETCH_ERROR" | "PARSING_ERROR" | "TIMEOUT_ERROR" | "CUSTOM_ERROR" | string, body?: unknown): HeraldError {
  if (typeof status !== "number") return { status: 0, code: null, message: typeof body === "string" && body ? body : "Herald could not be reached" };
  const error = (body as Body)?.error;
  return { status, code: error?.code ?? null, message: error?.message ?? `Herald answered ${status}` };
}

/** RTK Query's error (a FetchBaseQueryError or a serialized error) as a HeraldError. */
export function fromQueryError(error: unknown): HeraldError | null {
  if (!error) return null;
  const e = error as { status?: number | string; data?: unknown; error?: string; message?: string };
  if (e.status !== undefined) return toHeraldError(e.status, e.status === "FETCH_ERROR" ? e.error : e.data);
  return { status: 0, code: null, message: e.message ?? "Something went wrong" };
}
