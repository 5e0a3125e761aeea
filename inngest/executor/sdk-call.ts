import type { Memo, SdkResponse } from "./reduce-response";
import type { RunRow } from "./run-store";
import { signedJson } from "./sign-request";

export type ServeHandler = (req: Request) => Promise<Response>;

export type SdkEndpoint = {
  handler: ServeHandler;
  /** The URL the endpoint is known by; only used to build requests. */
  serveUrl: string;
  signingKey: string | undefined;
};

export type CallState = {
  memo: Memo;
  stack: string[];
  attempt: number;
  maxAttempts: number;
  /**
   * Set: the SDK may run the run's consecutive steps in this one call, checkpointing each to the
   * executor as it finishes (`POST /v1/checkpoint/{run}/async`, naming this job as `qi_id`).
   */
  checkpointJob?: number;
};

/**
 * One call of a run's function through the serve endpoint, signed as Inngest signs it, in the
 * SDK's HTTP call protocol (version 2): the event(s), every memoized step, the completion stack.
 */
export async function callSdk(endpoint: SdkEndpoint, run: RunRow, stepHash: string | null, state: CallState): Promise<SdkResponse> {
  const url = new URL(endpoint.serveUrl);
  url.searchParams.set("fnId", run.function_id);
  url.searchParams.set("stepId", stepHash ?? "step");
  const body = {
    version: 2,
    event: run.event,
    events: run.events,
    steps: state.memo,
    ctx: {
      run_id: run.id,
      attempt: state.attempt,
      max_attempts: state.maxAttempts,
      // All planned work of a run finishes before it is called again, so the SDK may run a
      // lone next step inline.
      disable_immediate_execution: false,
      use_api: false,
      stack: { stack: state.stack, current: state.stack.length - 1 },
      // fn_id switches the SDK to checkpointing (when the client allows it); without it, it runs
      // at most one step per call.
      ...(state.checkpointJob === undefined ? {} : { fn_id: run.function_id, qi_id: String(state.checkpointJob) }),
    },
  };
  try {
    const signed = signedJson(body, endpoint.signingKey);
    const response = await endpoint.handler(new Request(url, { method: "POST", headers: signed.headers, body: signed.body }));
    return { status: response.status, headers: response.headers, body: await response.text() };
  } catch (error) {
    // The handler itself blew up (not the function): retriable like a network error.
    return { status: 599, headers: new Headers(), body: JSON.stringify({ name: "ExecutorCallError", message: String(error) }) };
  }
}
