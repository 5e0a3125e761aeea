import { describe, expect, it } from "vitest";
import { reduceCheckpoint, reduceResponse, type ReduceContext, type SdkResponse } from "@/inngest/executor/reduce-response";
import type { OutgoingOp } from "@/inngest/executor/types";

const NOW = Date.parse("2026-06-01T12:00:00.000Z");
const startedAt = new Date(NOW - 5);

const ctx = (over: Partial<ReduceContext> = {}): ReduceContext => ({
  stepHash: null,
  attempt: 0,
  maxAttempts: 4,
  memo: {},
  startedAt,
  now: NOW,
  backoffScale: 1,
  random: () => 0,
  ...over,
});

const ops = (list: OutgoingOp[], headers: Record<string, string> = {}): SdkResponse => ({
  status: 206,
  headers: new Headers(headers),
  body: JSON.stringify(list),
});
const answer = (status: number, body: unknown, headers: Record<string, string> = {}): SdkResponse => ({
  status,
  headers: new Headers(headers),
  body: typeof body === "string" ? body : JSON.stringify(body),
});

const stepRun = (id: string, data: unknown, name = id): OutgoingOp => ({ id, op: "StepRun", name, displayName: name, data, userland: { id: name } });

describe("the executor's reducer: an SDK response and a run's state in, state changes out", () => {
  it("finishes the run with the function's output on 200", () => {
    expect(reduceResponse(answer(200, { sent: 3 }), ctx())).toEqual([{ type: "finish-run", output: { sent: 3 } }]);
    expect(reduceResponse(answer(200, ""), ctx())).toEqual([{ type: "finish-run", output: null }]);
    expect(reduceResponse(answer(200, "plain text"), ctx())).toEqual([{ type: "finish-run", output: "plain text" }]);
  });

  it("memoizes a step that ran inline in a discovery call on the lease, to call again at once", () => {
    expect(reduceResponse(ops([stepRun("h1", { id: 7 }, "load-user")]), ctx())).toEqual([
      {
        type: "memoize-step",
        onLease: true,
        step: { hash: "h1", stepId: "load-user", name: "load-user", op: "StepRun", result: { data: { id: 7 } }, startedAt, error: undefined },
      },
    ]);
  });

  it("stores an undefined step result as null, and a step.sendEvent-like Step op as data", () => {
    const [change] = reduceResponse(ops([{ id: "h", op: "Step", name: "send" }]), ctx());
    expect(change).toMatchObject({ type: "memoize-step", step: { op: "Step", result: { data: null }, stepId: "send", name: "send" } });
  });

  it("memoizes a planned step's result in a transaction, ends its job and resumes the run once idle", () => {
    expect(reduceResponse(ops([stepRun("h2", 1)]), ctx({ stepHash: "h2" }))).toEqual([
      expect.objectContaining({ type: "memoize-step", onLease: false, step: expect.objectContaining({ hash: "h2", result: { data: 1 } }) }),
      { type: "end-job" },
      { type: "resume-when-idle", setStatus: false },
    ]);
  });

  it("memoizes a step that failed for good (StepFailed) as an error", () => {
    const error = { name: "Error", message: "bounced" };
    const [change] = reduceResponse(ops([{ id: "h3", op: "StepFailed", name: "send-email", error }]), ctx());
    expect(change).toEqual({
      type: "memoize-step",
      onLease: true,
      step: { hash: "h3", stepId: "send-email", name: "send-email", op: "StepFailed", result: { error }, startedAt, error },
    });
  });

  it("records a StepError attempt and retries that step on Inngest's backoff table", () => {
    const error = { name: "Error", message: "timeout" };
    expect(reduceResponse(ops([{ id: "h4", op: "StepError", name: "call-api", displayName: "Call API", error }]), ctx({ attempt: 2 }))).toEqual([
      { type: "record-attempt", step: { hash: "h4", stepId: "call-api", name: "Call API", op: "StepError", error, startedAt } },
      { type: "schedule-retry", delayMs: 60_000, stepHash: "h4", attempt: 3 },
    ]);
  });

  it("scales the backoff and adds its jitter", () => {
    const [, retry] = reduceResponse(ops([{ id: "h", op: "StepError", error: {} }]), ctx({ backoffScale: 0.001, random: () => 0.5 }));
    expect(retry).toMatchObject({ type: "schedule-retry", delayMs: 30 });
  });

  it("lets a step's Retry-After (seconds or a date) win over the table, up to a week", () => {
    const retryOf = (value: string) =>
      reduceResponse(ops([{ id: "h", op: "StepError", error: {} }], { "retry-after": value }), ctx()).find((c) => c.type === "schedule-retry");
    expect(retryOf("5")).toMatchObject({ delayMs: 5_000 });
    expect(retryOf(new Date(NOW + 90_000).toUTCString())).toMatchObject({ delayMs: 90_000 });
    expect(retryOf(String(30 * 86_400))).toMatchObject({ delayMs: 7 * 86_400_000 });
    expect(retryOf("whenever")).toMatchObject({ delayMs: 15_000 });
  });

  it("finishes on a RunComplete op (a checkpointed call's last answer), memoizing results that came with it", () => {
    expect(reduceResponse(ops([{ id: "c", op: "RunComplete", data: "survived" }]), ctx())).toEqual([{ type: "finish-run", output: "survived" }]);
    expect(reduceResponse(ops([{ id: "c", op: "RunComplete" }]), ctx())).toEqual([{ type: "finish-run", output: null }]);
    expect(reduceResponse(ops([stepRun("a", 1), { id: "c", op: "RunComplete", data: 2 }]), ctx())).toEqual([
      expect.objectContaining({ type: "memoize-step", onLease: false, step: expect.objectContaining({ hash: "a" }) }),
      { type: "finish-run", output: 2 },
    ]);
  });

  it("plans parallel steps as jobs of their own", () => {
    expect(reduceResponse(ops([{ id: "p1", op: "StepPlanned", name: "a" }, { id: "p2", op: "StepPlanned", name: "b" }]), ctx())).toEqual([
      { type: "end-job" },
      { type: "enqueue-step", hash: "p1", status: "running" },
      { type: "enqueue-step", hash: "p2", status: "running" },
      { type: "resume-when-idle", setStatus: true },
    ]);
  });

  it("skips ops whose step is already memoized", () => {
    const changes = reduceResponse(ops([{ id: "p1", op: "StepPlanned" }, { id: "p2", op: "StepPlanned" }]), ctx({ memo: { p1: { data: 1 } } }));
    expect(changes.map((c) => c.type === "enqueue-step" && c.hash).filter(Boolean)).toEqual(["p2"]);
  });

  it("turns a sleep into a timer: a duration from now, or a date", () => {
    const [, sleep] = reduceResponse(ops([{ id: "s", op: "Sleep", name: "1m30s", displayName: "cool-off", userland: { id: "cool-off" } }]), ctx());
    expect(sleep).toEqual({ type: "sleep", hash: "s", label: { stepId: "cool-off", name: "cool-off" }, op: "Sleep", delayMs: 90_000, status: "sleeping" });
    const [, until] = reduceResponse(ops([{ id: "u", op: "Sleep", name: new Date(NOW + 3_600_000).toISOString() }]), ctx());
    expect(until).toMatchObject({ type: "sleep", delayMs: 3_600_000 });
    const [, past] = reduceResponse(ops([{ id: "u", op: "Sleep", name: new Date(NOW - 1_000).toISOString() }]), ctx());
    expect(past).toMatchObject({ type: "sleep", delayMs: 0 });
  });

  it("refuses a malformed sleep loudly instead of waking at once", () => {
    expect(() => reduceResponse(ops([{ id: "s", op: "Sleep", name: "soon" }]), ctx())).toThrow();
  });

  it("creates a wait for an event with its condition and timeout (1 day unless given)", () => {
    const [, wait] = reduceResponse(
      ops([{ id: "w", op: "WaitForEvent", name: "notification/read", displayName: "wait-read", opts: { if: "event.data.id == async.data.id", timeout: "2h" } }]),
      ctx(),
    );
    expect(wait).toEqual({
      type: "wait-for-event",
      hash: "w",
      label: { stepId: "notification/read", name: "wait-read" },
      op: "WaitForEvent",
      event: "notification/read",
      condition: "event.data.id == async.data.id",
      timeoutMs: 7_200_000,
      status: "waiting",
    });
    const [, plain] = reduceResponse(ops([{ id: "w", op: "WaitForEvent", name: "x/y" }]), ctx());
    expect(plain).toMatchObject({ condition: null, timeoutMs: 86_400_000 });
  });

  it("invokes a child function with its payload, a year's timeout unless given", () => {
    const [, invoke] = reduceResponse(
      ops([{ id: "i", op: "InvokeFunction", displayName: "child", opts: { function_id: "herald-child", payload: { data: { n: 1 } }, timeout: "10m" } }]),
      ctx(),
    );
    expect(invoke).toEqual({
      type: "invoke",
      hash: "i",
      label: { stepId: null, name: "child" },
      op: "InvokeFunction",
      functionId: "herald-child",
      data: { n: 1 },
      timeoutMs: 600_000,
      status: "waiting",
    });
    const [, noTimeout] = reduceResponse(ops([{ id: "i", op: "InvokeFunction", opts: { function_id: "f" } }]), ctx());
    expect(noTimeout).toMatchObject({ data: {}, timeoutMs: 365 * 86_400_000, label: { name: "f" } });
  });

  it("fails the run on an op nothing would ever answer, after what came before it, and stops there", () => {
    expect(reduceResponse(ops([{ id: "p", op: "StepPlanned" }, { id: "x", op: "AIGateway" }, { id: "q", op: "StepPlanned" }]), ctx())).toEqual([
      { type: "end-job" },
      { type: "enqueue-step", hash: "p", status: "running" },
      { type: "fail-run", error: { name: "UnsupportedOp", message: "The embedded executor does not support AIGateway" } },
    ]);
  });

  it("mixes waits, sleeps and plans in the order the SDK gave them", () => {
    const types = reduceResponse(
      ops([{ id: "a", op: "Sleep", name: "1s" }, { id: "b", op: "WaitForEvent", name: "e/x" }, { id: "c", op: "StepPlanned" }]),
      ctx(),
    ).map((c) => c.type);
    expect(types).toEqual(["end-job", "sleep", "wait-for-event", "enqueue-step", "resume-when-idle"]);
  });

  it("retries a function error with its error recorded, on the job's own step", () => {
    const error = { name: "Error", message: "boom" };
    expect(reduceResponse(answer(500, error), ctx({ stepHash: "h9", attempt: 1 }))).toEqual([
      { type: "schedule-retry", delayMs: 30_000, stepHash: "h9", attempt: 2, error },
    ]);
  });

  it("fails the run when the error is final: 400, no-retry, or out of attempts", () => {
    const error = { name: "NonRetriableError", message: "bad input" };
    expect(reduceResponse(answer(400, error), ctx())).toEqual([{ type: "fail-run", error }]);
    expect(reduceResponse(answer(500, error, { "x-inngest-no-retry": "true" }), ctx())).toEqual([{ type: "fail-run", error }]);
    expect(reduceResponse(answer(500, error), ctx({ attempt: 3, maxAttempts: 4 }))).toEqual([{ type: "fail-run", error }]);
    expect(reduceResponse(answer(500, error), ctx({ attempt: 2, maxAttempts: 4 }))[0]).toMatchObject({ type: "schedule-retry" });
  });

  it("honours a function's RetryAfterError", () => {
    expect(reduceResponse(answer(500, { name: "RetryAfterError" }, { "retry-after": "120" }), ctx())).toEqual([
      { type: "schedule-retry", delayMs: 120_000, stepHash: null, attempt: 1, error: { name: "RetryAfterError" } },
    ]);
  });

  it("describes a failed call without a body by its status", () => {
    expect(reduceResponse(answer(502, ""), ctx())).toEqual([
      { type: "schedule-retry", delayMs: 15_000, stepHash: null, attempt: 1, error: { name: "Error", message: "HTTP 502" } },
    ]);
    expect(reduceResponse(answer(503, "upstream down"), ctx({ maxAttempts: 1 }))).toEqual([{ type: "fail-run", error: "upstream down" }]);
  });

  it("treats a 206 that is not a list of ops as a failed call", () => {
    expect(reduceResponse(answer(206, { odd: true }), ctx())[0]).toMatchObject({ type: "schedule-retry", error: { odd: true } });
  });

  it("does not touch the memo it is given", () => {
    const memo = { a: { data: 1 } };
    reduceResponse(ops([{ id: "a", op: "StepPlanned" }, { id: "b", op: "StepPlanned" }]), ctx({ memo }));
    expect(memo).toEqual({ a: { data: 1 } });
  });

  it("memoizes each checkpointed step on the lease, in order, and refuses anything else", () => {
    expect(reduceCheckpoint([stepRun("a", 1), stepRun("b", { ok: true })], startedAt)).toEqual([
      expect.objectContaining({ type: "memoize-step", onLease: true, step: expect.objectContaining({ hash: "a", result: { data: 1 } }) }),
      expect.objectContaining({ type: "memoize-step", onLease: true, step: expect.objectContaining({ hash: "b", result: { data: { ok: true } } }) }),
    ]);
    expect(reduceCheckpoint([], startedAt)).toEqual([]);
    expect(reduceCheckpoint([stepRun("a", 1), { id: "d", op: "DeferAdd" }], startedAt)).toEqual({
      refused: "The embedded executor does not take DeferAdd in a checkpoint",
    });
    expect(reduceCheckpoint([{ id: "f", op: "StepFailed", error: {} }], startedAt)).toHaveProperty("refused");
  });
});
