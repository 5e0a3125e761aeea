import { decodeRouteParam } from "@/lib/api/decode-route-param";
import { getMetrics } from "./metrics-registry";

type Params = Record<string, string | string[]> | undefined;

/**
 * The route pattern of a request (`/api/admin/runs/[id]`), from its path and the params Next
 * matched: labels stay few however many ids pass through.
 */
export function routePattern(pathname: string, params: Params): string {
  const segments = pathname.split("/");
  for (const [name, value] of Object.entries(params ?? {})) {
    const parts = Array.isArray(value) ? value : [value];
    let from = 0;
    for (const part of parts) {
      const i = segments.findIndex((s, j) => j >= from && decodeRouteParam(s) === part);
      if (i < 0) break;
      segments[i] = Array.isArray(value) ? `[...${name}]` : `[${name}]`;
      from = i + 1;
    }
  }
  return segments.filter((s, i) => !(s.startsWith("[...") && segments[i - 1] === s)).join("/");
}

/** Counts one answered request and its duration; never lets metrics break a response. */
export async function observeHttpRequest(req: Request, context: { params: Promise<Params> } | undefined, status: number, startedAt: number) {
  try {
    const labels = { method: req.method, route: routePattern(new URL(req.url).pathname, await context?.params), status: String(status) };
    const { httpRequests, httpDuration } = getMetrics();
    httpRequests.inc(labels);
    httpDuration.observe(labels, (performance.now() - startedAt) / 1000);
  } catch {
    // A metric is not worth a failed request.
  }
}
