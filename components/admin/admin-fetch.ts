export type ApiIssue = { path: string; message: string };
export type ApiError = { code: string; message: string; issues?: ApiIssue[] };
/** The first issue an error names at `path` or anywhere inside it (`path.x`, `path[0]`). */
export function issueAt(error: ApiError | null, path: string): ApiIssue | undefined {
  return error?.issues?.find((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
}

export type ApiResult<T> = { data: T; hasMore?: boolean; after?: string | null } | { error: ApiError };

/** Calls an admin API and returns its body; a network failure becomes an error like any other. */
export async function adminFetch<T>(url: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<ApiResult<T>> {
  try {
    const response = await fetch(url, {
      method: init?.method ?? "GET",
      headers: { ...(init?.body !== undefined ? { "content-type": "application/json" } : {}), ...init?.headers },
      body: init?.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    const body = await response.json().catch(() => null);
    if (!response.ok || !body) return { error: body?.error ?? { code: "http_error", message: `The server answered ${response.status}.` } };
    return body as ApiResult<T>;
  } catch {
    return { error: { code: "network_error", message: "Could not reach the server; check your connection and try again." } };
  }
}
