import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./openapi";

export type HeraldClient = Client<paths>;

/**
 * A typed client for Herald's REST API (`/api/v1`), its types generated from the OpenAPI
 * document: a request or response that the document does not describe fails the typecheck.
 */
export function createHeraldClient({ baseUrl, apiKey, fetch }: { baseUrl: string; apiKey: string; fetch?: typeof globalThis.fetch }): HeraldClient {
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ""),
    headers: { authorization: `Bearer ${apiKey}` },
    ...(fetch ? { fetch } : {}),
  });
}
