import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import canonicalize from "canonicalize";

// The SDK's own signing code (what `serve()` verifies requests and signs its answers with) and
// its signing-key hash (what it presents to the API as a bearer token). They are not in the
// package's exports map, so they are loaded from the installed package's files.
type SdkLogger = Record<"debug" | "info" | "warn" | "error", (...args: unknown[]) => void>;
const sdkRequire = createRequire(import.meta.url);
const sdkDir = path.dirname(sdkRequire.resolve("inngest"));
const { signDataWithKey } = sdkRequire(path.join(sdkDir, "helpers/net.cjs")) as {
  signDataWithKey: (data: unknown, signingKey: string, ts: string, logger: SdkLogger) => Promise<string>;
};
const { hashSigningKey } = sdkRequire(path.join(sdkDir, "helpers/strings.cjs")) as { hashSigningKey: (signingKey: string) => string };
const quiet: SdkLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** An event as Inngest hands it to a function. */
export type StandInEvent = { id?: string; name: string; data: Record<string, unknown>; ts?: number; [key: string]: unknown };

/** A function config as the SDK registers it (the fields the stand-in uses). */
export type RegisteredFunction = {
  id: string;
  name?: string;
  triggers: ({ event: string; expression?: string } | { cron: string })[];
  steps: { step: { runtime: { type: string; url: string }; retries?: { attempts: number } } };
  [key: string]: unknown;
};

/** A sync the app made: `POST /fn/register` (out of band) or the answer to an in-band `PUT`. */
export type Sync = { kind: "out_of_band" | "in_band"; url: string; appName: string; functions: RegisteredFunction[]; sdk: string };

/** One call of a run: which step it asked for, what the SDK answered. */
export type TraceEntry = { stepId: string; status: number; ops: { op: string; id?: string; name?: string; displayName?: string }[] };

export type RunOutcome = {
  runId: string;
  status: "completed" | "failed";
  output: unknown;
  /** Every call, in order: one step per call unless steps run in parallel. */
  trace: TraceEntry[];
};

type CallOptions = {
  /** Sign with this key instead of the stand-in's (a wrong key). */
  signingKey?: string;
  /** The signature's time, in unix seconds (an expired signature is older than 5 minutes). */
  timestamp?: number;
  /** Send no X-Inngest-Signature at all. */
  unsigned?: boolean;
};

export type SignedCall = { status: number; headers: Headers; body: string };

/**
 * A loopback stand-in for the Inngest API (Cloud or self-hosted, they speak the same protocol):
 * - `POST /fn/register`: an out-of-band sync, authorized by the hash of the signing key;
 * - `POST /e/<event key>`: event sends, recorded; refused with 401 for any other key, and with
 *   a 5xx while `eventApiDown` is set;
 * - it calls the app's serve endpoint as Inngest does: signed with the signing key by the SDK's
 *   own signing code, in the SDK's call protocol, driving a run step by step (`run`).
 * `useSigningKey` changes the key it signs and authorizes with, as a key rotation does.
 */
export async function startInngestStandIn(options: { signingKey: string; eventKey: string }) {
  let signingKey = options.signingKey;
  const syncs: Sync[] = [];
  const events: StandInEvent[] = [];
  /** Event sends refused while the event API was down or for a wrong key; registers for a wrong key. */
  const refused = { down: 0, wrongKey: 0, register: 0 };
  let eventApiDown = false;

  const readBody = (req: http.IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let data = "";
      req.on("data", (c) => (data += c));
      req.on("end", () => resolve(data));
      req.on("error", reject);
    });
  const reply = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const raw = await readBody(req);
    if (req.method === "POST" && url.pathname === "/fn/register") {
      // The SDK presents the hash of its primary key first, then its fallback's after a 401.
      if (req.headers.authorization !== `Bearer ${hashSigningKey(signingKey)}`) {
        refused.register += 1;
        return reply(res, 401, { error: "invalid signing key" });
      }
      const body = JSON.parse(raw) as { url: string; appName: string; functions: RegisteredFunction[]; sdk: string };
      syncs.push({ kind: "out_of_band", url: body.url, appName: body.appName, functions: body.functions, sdk: body.sdk });
      return reply(res, 200, { status: 200, modified: true });
    }
    const eventSend = req.method === "POST" ? /^\/e\/([^/]+)$/.exec(url.pathname) : null;
    if (eventSend) {
      if (decodeURIComponent(eventSend[1]!) !== options.eventKey) {
        refused.wrongKey += 1;
        return reply(res, 401, { status: 401, error: "Event key not found" });
      }
      if (eventApiDown) {
        refused.down += 1;
        return reply(res, 503, { status: 503, error: "event API unavailable" });
      }
      const payload = JSON.parse(raw) as StandInEvent | StandInEvent[];
      const received = Array.isArray(payload) ? payload : [payload];
      events.push(...received);
      return reply(res, 200, { ids: received.map((e) => e.id ?? randomUUID()), status: 200 });
    }
    reply(res, 404, { error: `no route ${req.method} ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** A POST or PUT to the serve endpoint, its body canonical JSON, signed as Inngest signs it. */
  async function signedRequest(method: "POST" | "PUT", url: string, body: unknown, call: CallOptions = {}, headers: Record<string, string> = {}): Promise<SignedCall> {
    const text = canonicalize(body) ?? "null";
    const all: Record<string, string> = { "content-type": "application/json", ...headers };
    if (!call.unsigned) {
      const t = String(call.timestamp ?? Math.floor(Date.now() / 1000));
      all["x-inngest-signature"] = `t=${t}&s=${await signDataWithKey(text, call.signingKey ?? signingKey, t, quiet)}`;
    }
    const response = await fetch(url, { method, headers: all, body: text });
    return { status: response.status, headers: response.headers, body: await response.text() };
  }

  /** Whether an answer of the SDK is signed with `key` (it signs with the key that verified the call). */
  async function answerSignedWith(answer: SignedCall, key: string): Promise<boolean> {
    const params = new URLSearchParams(answer.headers.get("x-inngest-signature") ?? "");
    const t = params.get("t");
    const s = params.get("s");
    return Boolean(t && s && (await signDataWithKey(answer.body, key, t, quiet)) === s);
  }

  const latestSync = () => syncs.at(-1) ?? null;
  const functionNamed = (fnId: string) => {
    const sync = latestSync();
    if (!sync) throw new Error("the app has not synced with the stand-in");
    const fn = sync.functions.find((f) => f.id === fnId);
    if (!fn) throw new Error(`the app did not register ${fnId} (it registered ${sync.functions.map((f) => f.id).join(", ")})`);
    return fn;
  };

  /**
   * Runs a registered function for an event as Inngest does, one call after another: a
   * discovery call, the step the SDK ran inline memoized, the next call with it on the stack,
   * planned steps called by their hash, until the function returns. Timers are fast-forwarded
   * (a sleep is memoized at once) and a waitForEvent times out (memoized as null) — the stand-in
   * checks the protocol, not the clock. A failed call is retried up to the function's retries.
   */
  async function run(fnId: string, event: StandInEvent, opts: { maxCalls?: number; call?: CallOptions } = {}): Promise<RunOutcome> {
    const fn = functionNamed(fnId);
    const maxAttempts = (fn.steps.step.retries?.attempts ?? 3) + 1;
    const runId = randomUUID();
    const full = { ts: Date.now(), id: randomUUID(), ...event };
    const steps: Record<string, { data: unknown } | { error: unknown }> = {};
    const stack: string[] = [];
    const planned: string[] = [];
    const trace: TraceEntry[] = [];
    let attempt = 0;
    let stepId = "step";
    const memoize = (hash: string, result: { data: unknown } | { error: unknown }) => {
      if (hash in steps) return;
      steps[hash] = result;
      stack.push(hash);
    };

    for (let calls = 0; calls < (opts.maxCalls ?? 100); calls++) {
      const url = new URL(fn.steps.step.runtime.url);
      url.searchParams.set("stepId", stepId);
      const answer = await signedRequest(
        "POST",
        url.href,
        {
          version: 2,
          event: full,
          events: [full],
          steps,
          ctx: {
            run_id: runId,
            attempt,
            max_attempts: maxAttempts,
            stack: { stack, current: stack.length - 1 },
            disable_immediate_execution: stepId !== "step",
            use_api: false,
          },
        },
        opts.call,
      );
      if (!(await answerSignedWith(answer, opts.call?.signingKey ?? signingKey))) {
        throw new Error(`the SDK's answer (${answer.status}) is not signed with the key that signed the call: ${answer.body.slice(0, 300)}`);
      }
      const parsed = answer.body ? (JSON.parse(answer.body) as unknown) : null;

      if (answer.status === 200) {
        trace.push({ stepId, status: 200, ops: [] });
        return { runId, status: "completed", output: parsed, trace };
      }
      if (answer.status === 206 && Array.isArray(parsed)) {
        const ops = parsed as { op: string; id: string; name?: string; displayName?: string; data?: unknown; error?: unknown }[];
        trace.push({ stepId, status: 206, ops: ops.map(({ op, id, name, displayName }) => ({ op, id, name, displayName })) });
        let retry = false;
        for (const op of ops) {
          switch (op.op) {
            case "StepRun":
            case "Step":
              memoize(op.id, { data: op.data ?? null });
              break;
            case "StepFailed":
              memoize(op.id, { error: op.error });
              break;
            case "StepError":
              retry = true;
              break;
            case "StepPlanned":
              if (!(op.id in steps) && !planned.includes(op.id)) planned.push(op.id);
              break;
            case "Sleep":
            case "WaitForEvent":
              memoize(op.id, { data: null });
              break;
            case "RunComplete":
              return { runId, status: "completed", output: op.data ?? null, trace };
            default:
              throw new Error(`the stand-in does not drive ${op.op}`);
          }
        }
        if (retry) {
          attempt += 1;
          if (attempt >= maxAttempts) return { runId, status: "failed", output: ops, trace };
          continue;
        }
        attempt = 0;
        const next = planned.findIndex((hash) => !(hash in steps));
        stepId = next === -1 ? "step" : planned.splice(next, 1)[0]!;
        continue;
      }
      trace.push({ stepId, status: answer.status, ops: [] });
      const final = answer.headers.get("x-inngest-no-retry") === "true" || answer.status === 400 || attempt + 1 >= maxAttempts;
      if (final) return { runId, status: "failed", output: parsed, trace };
      attempt += 1;
    }
    throw new Error(`${fnId} did not finish within ${opts.maxCalls ?? 100} calls`);
  }

  /** The registered functions an event triggers (by name; trigger expressions are not evaluated). */
  const triggeredBy = (event: StandInEvent) =>
    (latestSync()?.functions ?? []).filter((f) => f.triggers.some((t) => "event" in t && t.event === event.name && !t.expression));

  return {
    url: baseUrl,
    syncs,
    events,
    refused,
    latestSync,
    get eventApiDown() {
      return eventApiDown;
    },
    set eventApiDown(down: boolean) {
      eventApiDown = down;
    },
    /** The key Inngest signs calls with and accepts (hashed) for syncs, e.g. the old one before a rotation is promoted. */
    useSigningKey(key: string) {
      signingKey = key;
    },
    /** `PUT <serve url>`, as the dashboard's "Sync" (or `curl -X PUT`) does: the app then registers out of band. */
    async syncOutOfBand(serveUrl: string) {
      const response = await fetch(serveUrl, { method: "PUT" });
      return { status: response.status, body: (await response.json()) as { message?: string; modified?: boolean } };
    },
    /** An in-band sync: a signed `PUT` asking the app for its configuration in the answer. */
    async syncInBand(serveUrl: string, call: CallOptions = {}) {
      const answer = await signedRequest("PUT", serveUrl, { url: serveUrl }, call, { "x-inngest-sync-kind": "in_band" });
      if (answer.status === 200) {
        const body = JSON.parse(answer.body) as { url: string; app_id: string; functions: RegisteredFunction[]; sdk: string };
        syncs.push({ kind: "in_band", url: body.url, appName: body.app_id, functions: body.functions, sdk: body.sdk });
      }
      return answer;
    },
    /** One raw call of a function's step, signed (or not) as the options say. */
    call: (fnId: string, event: StandInEvent, call: CallOptions = {}) => {
      const fn = functionNamed(fnId);
      const full = { ts: Date.now(), id: randomUUID(), ...event };
      return signedRequest(
        "POST",
        fn.steps.step.runtime.url,
        { version: 2, event: full, events: [full], steps: {}, ctx: { run_id: randomUUID(), attempt: 0, max_attempts: 1, stack: { stack: [], current: -1 }, disable_immediate_execution: false, use_api: false } },
        call,
      );
    },
    run,
    /** Runs every registered function the events trigger, one run per (event, function), in order. */
    async runTriggered(received: StandInEvent[]) {
      const outcomes: (RunOutcome & { fnId: string; event: StandInEvent })[] = [];
      for (const event of received) for (const fn of triggeredBy(event)) outcomes.push({ fnId: fn.id, event, ...(await run(fn.id, event)) });
      return outcomes;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type InngestStandIn = Awaited<ReturnType<typeof startInngestStandIn>>;
