import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/auth/api-keys";
import { cliActor } from "@/lib/audit/audit-actor";
import { createChannelProviders, setChannelProviders } from "@/lib/channels/get-channel-providers";
import { parseEnv } from "@/lib/env";
import { notify } from "@/inngest/notify";
import { startAppRuntime } from "../support/app-runtime";
import { testDatabaseKinds } from "../support/databases";

vi.hoisted(() => {
  // Configured callbacks, so a body is read at all: an unconfigured one is refused before reading.
  process.env.RESEND_WEBHOOK_SECRET = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
  process.env.TWILIO_ACCOUNT_SID = `AC${"1".repeat(32)}`;
  process.env.TWILIO_AUTH_TOKEN = "twilio_callback_token_0123456789";
  process.env.TWILIO_FROM = "+15005550006";
  process.env.TWILIO_API_BASE_URL = "http://127.0.0.1:9";
});

const { POST: intakeRoute } = await import("@/app/api/v1/notifications/route");
const { PUT: recipientRoute } = await import("@/app/api/v1/recipients/[id]/route");
const { POST: createEndpointRoute, GET: listEndpointsRoute } = await import("@/app/api/v1/webhook-endpoints/route");
const { PATCH: updateEndpointRoute } = await import("@/app/api/v1/webhook-endpoints/[id]/route");
const { POST: resendRoute } = await import("@/app/api/webhooks/resend/route");
const { POST: twilioRoute } = await import("@/app/api/webhooks/twilio/route");

type Route = (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** `n` objects inside each other around a 1: JSON.stringify itself recurses, so the text is built. */
const nested = (n: number) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;

/** A body that never ends: only a reader that stops at its limit answers at all. */
function endlessBody(): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode(`"${"x".repeat(64 * 1024)}`);
  return new ReadableStream({ pull: (controller) => controller.enqueue(chunk) });
}

// The requests an attacker (or a buggy client) sends: each gets a 4xx naming the problem and writes nothing.
describe.each(testDatabaseKinds())("hostile request bodies on %s", (kind) => {
  let app: Awaited<ReturnType<typeof startAppRuntime>>;
  let key: string;
  beforeAll(async () => {
    app = await startAppRuntime(kind);
    ({ key } = await createApiKey(app.db, { name: "hostile" }, cliActor));
    setChannelProviders(createChannelProviders(parseEnv({ WEBHOOK_ALLOWED_HOSTS: "127.0.0.1:4000" })));
  });
  afterAll(async () => {
    setChannelProviders(null);
    await app.stop();
  });

  const rowCounts = async () =>
    (await app.database.query<Record<string, number>>(
      `select (select count(*)::int from notifications) as notifications, (select count(*)::int from recipients) as recipients,
              (select count(*)::int from webhook_endpoints) as endpoints, (select count(*)::int from idempotency_keys) as keys`,
    ))[0]!;

  const call = async (route: Route, path: string, init: RequestInit & { params?: Record<string, string> } = {}) => {
    const { params = {}, ...rest } = init;
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json", ...(rest.headers as Record<string, string>) };
    const response = await route(new Request(`http://herald.test${path}`, { method: "POST", ...rest, headers, ...(rest.body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit), { params: Promise.resolve(params) });
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string; issues?: { path: string; message: string }[] } } };
  };
  const send = (body: string, headers: Record<string, string> = {}) => call(intakeRoute, "/api/v1/notifications", { body, headers });
  const issuePaths = (answer: Awaited<ReturnType<typeof call>>) => answer.body.error?.issues?.map((i) => i.path);

  it("NUL and lone surrogates anywhere in a send request are a 422 naming the field", async () => {
    const before = await rowCounts();
    const cases: [string, string][] = [
      [JSON.stringify({ to: ["al\u0000ice"], content: { in_app: { title: "Hi" } } }), "to[0]"],
      [String.raw`{"to":["alice"],"content":{"in_app":{"title":"\ud800"}}}`, "content.in_app.title"],
      [JSON.stringify({ to: ["alice"], content: { in_app: { title: "Hi" } }, data: { a: { b: "x\u0000" } } }), "data.a.b"],
      [String.raw`{"to":[{"id":"carol","name":"\udc00 lone low"}],"content":{"in_app":{"title":"Hi"}}}`, "to[0].name"],
      [String.raw`{"to":["alice"],"content":{"in_app":{"title":"Hi"}},"data":{"k\u0000ey":1}}`, "data.k\\u0000ey"],
    ];
    for (const [body, path] of cases) {
      const answer = await send(body);
      expect(answer.status, body).toBe(422);
      expect(issuePaths(answer), body).toContain(path);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("data nested 5,000 deep (known recipient) and 20,000 deep (unknown recipient, idempotent) is a 422, not a crash", async () => {
    const before = await rowCounts();
    const deep = await send(`{"to":["alice"],"content":{"in_app":{"title":"Hi"}},"data":${nested(5_000)}}`);
    expect(deep.status).toBe(422);
    expect(issuePaths(deep)?.[0]).toMatch(/^data\.a\.a/);
    expect(deep.body.error?.message).toMatch(/deep/);
    const deeper = await send(`{"to":["nobody"],"content":{"in_app":{"title":"Hi"}},"data":${nested(20_000)}}`, { "idempotency-key": "deep-1" });
    expect(deeper.status).toBe(422);
    // Under the body's limit but over the one for free-form data.
    const forty = await send(`{"to":["alice"],"content":{"in_app":{"title":"Hi"}},"data":${nested(40)}}`);
    expect(forty.status).toBe(422);
    expect(forty.body.error?.message).toMatch(/^data\.a.*32/);
    expect(await rowCounts()).toEqual(before);
  });

  it("__proto__, constructor and prototype keys are refused", async () => {
    for (const body of [
      `{"to":["alice"],"content":{"in_app":{"title":"Hi"}},"data":{"__proto__":{"admin":true}}}`,
      `{"to":["alice"],"content":{"in_app":{"title":"Hi"}},"data":{"x":{"constructor":{"prototype":1}}}}`,
    ]) {
      const answer = await send(body);
      expect(answer.status, body).toBe(422);
      expect(answer.body.error?.message, body).toMatch(/__proto__|constructor/);
    }
  });

  it("accepts application/json (any case, charset=utf-8) and nothing else", async () => {
    const body = JSON.stringify({ to: ["nobody"], content: { in_app: { title: "Hi" } } });
    // An unknown recipient: past the media type check, before anything is written.
    for (const type of ["application/json", "Application/JSON; charset=UTF-8", 'application/json;charset="utf-8"']) {
      expect((await send(body, { "content-type": type })).status, type).toBe(422);
    }
    for (const type of ["text/plain; note=application/json", "application/json; note=x", "application/json; charset=latin1", "application/jsonx", "text/plain"]) {
      const answer = await send(body, { "content-type": type });
      expect(answer.status, type).toBe(415);
      expect(answer.body.error?.message, type).toContain("application/json");
    }
  });

  it("stops reading a chunked body without content-length as soon as it passes the limit", async () => {
    expect((await call(intakeRoute, "/api/v1/notifications", { body: endlessBody() })).status).toBe(413);
    expect((await call(resendRoute, "/api/webhooks/resend", { body: endlessBody() })).status).toBe(413);
    expect((await call(twilioRoute, "/api/webhooks/twilio", { body: endlessBody(), headers: { "content-type": "application/x-www-form-urlencoded" } })).status).toBe(413);
  });

  it("provider callbacks accept only their own media type", async () => {
    const resend = await call(resendRoute, "/api/webhooks/resend", { body: "{}", headers: { "content-type": "text/plain" } });
    expect(resend).toMatchObject({ status: 415, body: { error: { message: expect.stringContaining("application/json") } } });
    const twilio = await call(twilioRoute, "/api/webhooks/twilio", { body: "a=1", headers: { "content-type": "application/x-www-form-urlencoded; note=x" } });
    expect(twilio).toMatchObject({ status: 415, body: { error: { message: expect.stringContaining("application/x-www-form-urlencoded") } } });
  });

  it("PUT /api/v1/recipients/{id}: a NUL in the id or the data is a 422", async () => {
    const before = await rowCounts();
    const inId = await call(recipientRoute, "/api/v1/recipients/x", { method: "PUT", body: "{}", params: { id: "ca\u0000rol" } });
    expect(inId.status).toBe(422);
    const inData = await call(recipientRoute, "/api/v1/recipients/carol", { method: "PUT", body: JSON.stringify({ data: { note: "\u0000" } }), params: { id: "carol" } });
    expect(inData.status).toBe(422);
    expect(issuePaths(inData)).toContain("data.note");
    expect(await rowCounts()).toEqual(before);
  });

  it("a NUL in the query string is a 422 naming the parameter, not a 500", async () => {
    const answer = await call(listEndpointsRoute, "/api/v1/webhook-endpoints?after=%00&limit=5", { method: "GET", headers: { "content-type": "" } });
    expect(answer.status).toBe(422);
    expect(issuePaths(answer)).toEqual(["query.after"]);
  });

  it("webhook endpoints: addresses the allowlist refuses are a 422 on url at creation and on update", async () => {
    const before = await rowCounts();
    for (const url of ["http://127.0.0.1:5432/", "http://127.0.0.1/", "http://localhost:4001/", "http://10.0.0.1/", "http://[::1]:4000/", "http://169.254.169.254/latest"]) {
      const answer = await call(createEndpointRoute, "/api/v1/webhook-endpoints", { body: JSON.stringify({ url, typeKey: "comment.created" }) });
      expect(answer.status, url).toBe(422);
      expect(issuePaths(answer), url).toEqual(["url"]);
    }
    expect(await rowCounts()).toEqual(before);

    const created = await call(createEndpointRoute, "/api/v1/webhook-endpoints", { body: JSON.stringify({ url: "http://127.0.0.1:4000/hooks", typeKey: "comment.created" }) });
    expect(created.status).toBe(201);
    const id = (created.body as unknown as { data: { id: string } }).data.id;
    const moved = await call(updateEndpointRoute, `/api/v1/webhook-endpoints/${id}`, { method: "PATCH", body: JSON.stringify({ url: "http://127.0.0.1:6379/" }), params: { id } });
    expect(moved.status).toBe(422);
    expect(issuePaths(moved)).toEqual(["url"]);
    await app.database.query("delete from webhook_endpoints where id = $1", [id]);
  });

  it("notify() refuses the same inputs as the HTTP API", async () => {
    const before = await rowCounts();
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    const title = { content: { in_app: { title: "Hi" } } };
    const cases: [Parameters<typeof notify>[0], string][] = [
      [{ to: "al\u0000ice", ...title }, "to"],
      [{ to: ["alice", "b\u0000b"], ...title }, "to[1]"],
      [{ to: ["alice"], content: { in_app: { title: "\ud800" } } }, "content.in_app.title"],
      [{ to: ["nobody"], ...title, data: deep }, "data"],
      [{ to: ["alice"], ...title, data: JSON.parse(`{"__proto__":{"admin":true}}`) }, "data.__proto__"],
      [{ to: ["alice"], ...title, data: { list: ["ok", "x\u0000"] } }, "data.list[1]"],
    ];
    for (const [request, path] of cases) {
      const result = await notify(request, { idempotencyKey: "notify-hostile" });
      expect("error" in result && result.error.code, path).toBe("unprocessable_entity");
      expect("error" in result && result.error.issues?.[0]?.path, path).toMatch(new RegExp(`^${path.replace(/[[\].]/g, "\\$&")}`));
    }
    expect(await rowCounts()).toEqual(before);
  });
});
