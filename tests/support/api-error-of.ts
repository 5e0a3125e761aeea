import { toHeraldApiError, type HeraldApiError } from "@/lib/api/errors";

/** The API error a call rejects with, as a route would answer it; throws if the call succeeds. */
export async function apiErrorOf(call: Promise<unknown>): Promise<HeraldApiError> {
  try {
    await call;
  } catch (error) {
    return toHeraldApiError(error);
  }
  throw new Error("expected an API error");
}
