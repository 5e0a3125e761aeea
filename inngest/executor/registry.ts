import { matchesCondition } from "./expressions";
import { signedJson } from "./sign-request";
import type { FunctionConfig, InngestEvent } from "./types";

/** The functions an app serves, as its serve endpoint describes them (in-band sync). */
export class FunctionRegistry {
  private readonly byId: Map<string, FunctionConfig>;
  /** Event names some function cancels on: no other event can cancel a run. */
  readonly cancelEvents: ReadonlySet<string>;

  constructor(readonly functions: FunctionConfig[]) {
    this.byId = new Map(functions.map((fn) => [fn.id, fn]));
    this.cancelEvents = new Set(functions.flatMap((fn) => (fn.cancel ?? []).map((cancel) => cancel.event)));
  }

  get(id: string): FunctionConfig | undefined {
    return this.byId.get(id);
  }

  /** Functions an event starts: exact names, `prefix/*` wildcards, and their `if` expressions. */
  triggeredBy(event: InngestEvent): FunctionConfig[] {
    return this.functions.filter((fn) =>
      fn.triggers.some(
        (trigger) =>
          "event" in trigger &&
          nameMatches(trigger.event, event.name) &&
          matchesCondition(trigger.expression, { event }),
      ),
    );
  }

  crons(): { fn: FunctionConfig; schedule: string }[] {
    return this.functions.flatMap((fn) =>
      fn.triggers.flatMap((trigger) => ("cron" in trigger ? [{ fn, schedule: trigger.cron }] : [])),
    );
  }

  /** Total attempts for a function: its configured retries (default 3) plus the first try. */
  maxAttempts(id: string): number {
    const retries = this.get(id)?.steps.step?.retries?.attempts;
    return (retries ?? 3) + 1;
  }
}

function nameMatches(pattern: string, name: string): boolean {
  return pattern.endsWith("/*") ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

/** Asks a serve handler for its function configurations, the way Inngest's in-band sync does. */
export async function syncFunctions(
  handler: (req: Request) => Promise<Response>,
  url: string,
  signingKey?: string,
): Promise<FunctionConfig[]> {
  const signed = signedJson({ url }, signingKey);
  const response = await handler(
    new Request(url, { method: "PUT", headers: { ...signed.headers, "x-inngest-sync-kind": "in_band" }, body: signed.body }),
  );
  if (!response.ok) throw new Error(`In-band sync with ${url} failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { functions: FunctionConfig[] };
  return body.functions;
}
