import http from "node:http";
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { createApiKeyAsAdmin, signInCookie } from "../support/http-session";

// Hostile bodies against every route that takes one from outside: generated (fast-check, fixed
// seed) and named (NUL, lone surrogates, 5,000- and 20,000-deep data, __proto__ keys, wrong
// media types, oversized chunked bodies). Every answer is below 500 with a JSON error naming
// the problem, nothing is written, and the server is healthy afterwards.

const apps = inject("apps");
/** At least 5,000 generated bodies per run, shared among the apps. */
const SAMPLES_PER_APP = Math.ceil(5_200 / apps.length);

type Target = "intake" | "preferences" | "recipient" | "webhook-endpoint" | "template-save" | "template-preview" | "resend" | "twilio";
type Sample = { target: Target; path?: string; body: string; contentType?: string; expect: "4xx" | "any" };
type Answer = { sample: Sample; status: number; body: { error?: { message?: string; issues?: { path: string }[] } } | null };

/** `n` objects inside each other, as JSON text: JSON.stringify itself overflows the stack on it. */
const nested = (n: number) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;
// Deep values travel as marker strings through JSON.stringify and are swapped in afterwards.
const DEEP: Record<string, string> = { "@@deep40@@": nested(40), "@@deep5000@@": nested(5_000), "@@deep20000@@": nested(20_000) };
const toText = (value: unknown) => Object.entries(DEEP).reduce((text, [mark, raw]) => text.replaceAll(JSON.stringify(mark), raw), JSON.stringify(value) ?? "null");

// JSON.stringify writes lone surrogates and NUL as \u escapes, which is how they arrive in JSON.
const ATTACK_VALUES = ["\u0000", "a\u0000b", "\ud800", "x\udfff", "\udc00\ud800", "ok\ud83d", ...Object.keys(DEEP)];
const ATTACK_KEYS = ["__proto__", "constructor", "prototype", "k\u0000", "\ud800", "a\udfffb"];

/** Every object and array in a value, with the keys or indexes a hostile value can take. */
function slots(value: unknown): { holder: Record<string, unknown> | unknown[]; key: string | number }[] {
  const found: { holder: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const stack = [value];
  while (stack.length) {
    const current = stack.pop();
    if (current === null || typeof current !== "object") continue;
    for (const [key, item] of Object.entries(current)) {
      found.push({ holder: current as Record<string, unknown>, key: Array.isArray(current) ? Number(key) : key });
      stack.push(item);
    }
  }
  return found;
}

/** A valid body with one hostile value or key put somewhere in it: refused only for that. */
const withAttack = <T,>(base: fc.Arbitrary<T>) =>
  fc.tuple(base, fc.nat(), fc.boolean(), fc.constantFrom(...ATTACK_VALUES), fc.constantFrom(...ATTACK_KEYS)).map(([value, at, asKey, attack, key]) => {
    const body = structuredClone(value) as unknown;
    const places = slots(body);
    if (places.length === 0 || (asKey && typeof body === "object" && body !== null && !Array.isArray(body) && at % 3 === 0)) {
      // An own property, as JSON.parse makes it: `body.__proto__ = 1` would set the prototype.
      Object.defineProperty(body, key, { value: 1, enumerable: true });
      return toText(body);
    }
    const { holder, key: slot } = places[at % places.length]!;
    if (asKey && holder !== null && !Array.isArray(holder) && typeof holder[slot as string] === "object" && holder[slot as string] !== null && !Array.isArray(holder[slot as string])) {
      Object.defineProperty(holder[slot as string], key, { value: "x", enumerable: true });
    } else {
      (holder as Record<string | number, unknown>)[slot] = attack;
    }
    return toText(body);
  });

const word = fc.stringMatching(/^[a-z]{1,10}$/);
const freeForm = fc.dictionary(word, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });
const title = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,19}$/);

const intakeBase = fc.record({
  to: fc.oneof(fc.constant(["alice"]), fc.constant(["alice", "bob"]), fc.record({ id: fc.constant("fuzz-inline"), name: title, email: fc.constant("fuzz@example.com"), data: freeForm }).map((r) => [r])),
  content: fc.record({ in_app: fc.record({ title, body: title }), webhook: fc.record({ payload: freeForm }) }, { requiredKeys: ["in_app"] }),
  data: freeForm,
  priority: fc.constantFrom("normal", "high"),
});
const preferencesBase = fc.record(
  {
    global: fc.record({ email: fc.boolean(), sms: fc.boolean() }, { requiredKeys: [] }),
    types: fc.dictionary(fc.constantFrom("comment.created", "mention"), fc.record({ in_app: fc.boolean(), email: fc.boolean() }, { requiredKeys: [] })),
    quietHours: fc.constant({ enabled: false, start: "22:00", end: "07:00", timezone: "UTC" }),
  },
  { requiredKeys: [] },
);
const recipientBase = fc.record({ name: title, email: fc.constant("fuzz@example.com"), locale: fc.constant("en"), timezone: fc.constant("UTC"), data: freeForm }, { requiredKeys: [] });
const templateBase = fc.record({ channel: fc.constant("in_app"), locale: fc.constant("en"), content: fc.record({ title, body: title }) });
const previewBase = templateBase.chain((t) => freeForm.map((data) => ({ ...t, data })));

// Every one of these is refused at creation: private, loopback, metadata, other ports of the
// allowed receiver host, a name that resolves to loopback, a name that does not resolve.
const refusedUrls = (receiverPort: number) => [
  "http://127.0.0.1:5432/",
  "http://127.0.0.1/",
  `http://127.0.0.1:${receiverPort + 1}/hooks`,
  "http://localhost:6379/",
  "http://10.0.0.1/hook",
  "http://[::1]:8080/",
  "http://[::ffff:127.0.0.1]:9/",
  "http://169.254.169.254/latest/meta-data/",
  "http://0.0.0.0:3000/",
  "https://hooks.example.invalid/",
];

/** Bodies that parse but are not JSON a route wants, and junk that does not parse. */
const junk = fc.oneof(
  fc.anything().map((v) => JSON.stringify(v) ?? "null"),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string().filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
);

function generate(receiverPort: number, count: number): Sample[] {
  const json = (target: Target, body: fc.Arbitrary<string>, expected: Sample["expect"] = "4xx", path?: fc.Arbitrary<string>) =>
    fc.tuple(body, path ?? fc.constant(undefined)).map(([b, p]): Sample => ({ target, body: b, expect: expected, ...(p ? { path: p } : {}) }));
  const endpoint = fc.record({ url: fc.constantFrom(...refusedUrls(receiverPort)), typeKey: fc.constant("comment.created"), description: title });
  const sample = fc.oneof(
    { weight: 9, arbitrary: json("intake", withAttack(intakeBase)) },
    { weight: 3, arbitrary: json("intake", junk) },
    { weight: 5, arbitrary: json("preferences", withAttack(preferencesBase)) },
    { weight: 2, arbitrary: json("preferences", junk, "any") },
    { weight: 5, arbitrary: json("recipient", withAttack(recipientBase), "4xx", fc.constantFrom("fuzz-target", "alice")) },
    { weight: 3, arbitrary: json("webhook-endpoint", fc.oneof(endpoint.map((e) => JSON.stringify(e)), withAttack(endpoint))) },
    { weight: 3, arbitrary: json("template-save", withAttack(templateBase)) },
    { weight: 1, arbitrary: json("template-save", junk) },
    { weight: 3, arbitrary: json("template-preview", fc.oneof(withAttack(previewBase), junk), "any") },
    { weight: 1, arbitrary: json("resend", fc.oneof(withAttack(fc.record({ type: fc.constant("email.delivered"), data: freeForm })), junk)) },
    { weight: 1, arbitrary: fc.oneof(fc.constant("MessageSid=SM1&MessageStatus=delivered&ErrorMessage=a%00b"), fc.webQueryParameters(), junk).map((body): Sample => ({ target: "twilio", body, contentType: "application/x-www-form-urlencoded", expect: "4xx" })) },
  );
  return fc.sample(sample, { numRuns: count, seed: 2026 });
}

/** Writes chunk after chunk without Content-Length, and stops once the server has answered. */
function sendEndless(url: string, method: string, headers: Record<string, string>): Promise<{ status: number; body: string; sent: number }> {
  const limit = 64 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const chunk = Buffer.from(`"${"x".repeat(64 * 1024 - 1)}`);
    let sent = 0;
    let answered = false;
    const req = http.request(url, { method, headers: { ...headers, "transfer-encoding": "chunked" } }, (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, sent });
      });
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && sent < limit) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) reject(new Error(`no answer after ${sent} bytes: the body was not cut off at its limit`));
    };
    pump();
  });
}

describe.each(apps)("hostile bodies on every write route, on $kind", ({ baseUrl }) => {
  it("answers each with a 4xx naming the problem, writes nothing, and stays healthy", { timeout: 300_000 }, async () => {
    const receiverPort = inject("webhookReceiverPort");
    const [admin, alice, key] = await Promise.all([signInCookie(baseUrl, "admin@example.com"), signInCookie(baseUrl, "alice@example.com"), createApiKeyAsAdmin(baseUrl, "security-fuzz")]);
    const targets: Record<Target, { path: string; auth: Record<string, string>; method: string }> = {
      intake: { path: "/api/v1/notifications", auth: { authorization: `Bearer ${key}` }, method: "POST" },
      preferences: { path: "/api/preferences", auth: { cookie: alice }, method: "PUT" },
      recipient: { path: "/api/v1/recipients/fuzz-target", auth: { authorization: `Bearer ${key}` }, method: "PUT" },
      "webhook-endpoint": { path: "/api/v1/webhook-endpoints", auth: { authorization: `Bearer ${key}` }, method: "POST" },
      "template-save": { path: "/api/admin/types/comment.created/templates", auth: { cookie: admin }, method: "POST" },
      "template-preview": { path: "/api/admin/templates/preview", auth: { cookie: admin }, method: "POST" },
      resend: { path: "/api/webhooks/resend", auth: {}, method: "POST" },
      twilio: { path: "/api/webhooks/twilio", auth: {}, method: "POST" },
    };
    const get = async (path: string, auth: Record<string, string> = { cookie: admin }) => (await fetch(`${baseUrl}${path}`, { headers: auth })).json();
    const countPages = async (path: string, cursor: "after" | "next") => {
      let total = 0;
      for (let after: string | null = null; ; ) {
        const page = await get(`${path}${path.includes("?") ? "&" : "?"}limit=100${after ? `&after=${encodeURIComponent(after)}` : ""}`, path.startsWith("/api/v1") ? { authorization: `Bearer ${key}` } : { cookie: admin });
        total += page.data.length;
        after = page.hasMore ? page[cursor] : null;
        if (!after) return total;
      }
    };
    // What a write would change, seen through the API as an admin, a host app and alice see it.
    const observe = async () => ({
      lastRun: (await get("/api/admin/runs?functionId=herald-deliver-notification&limit=1")).data[0]?.id ?? null,
      recipients: await countPages("/api/admin/recipients", "after"),
      fuzzRecipients: (await get("/api/admin/recipients?search=fuzz")).data.length,
      endpoints: await countPages("/api/v1/webhook-endpoints", "next"),
      lastTemplate: (await get("/api/admin/types/comment.created/templates?channel=in_app&limit=1")).data[0]?.version ?? null,
      alicePreferences: await get("/api/preferences", { cookie: alice }),
      alice: await get("/api/v1/recipients/alice", { authorization: `Bearer ${key}` }),
    });
    const before = await observe();

    const send = async (sample: Sample): Promise<Answer> => {
      const target = targets[sample.target];
      const path = sample.target === "recipient" && sample.path ? `/api/v1/recipients/${sample.path}` : target.path;
      const response = await fetch(`${baseUrl}${path}`, {
        method: target.method,
        headers: { ...target.auth, "content-type": sample.contentType ?? "application/json" },
        body: sample.body,
      });
      const text = await response.text();
      let body: Answer["body"] = null;
      try {
        body = JSON.parse(text);
      } catch {
        // Asserted below: every answer is JSON.
      }
      return { sample, status: response.status, body };
    };

    const samples = generate(receiverPort, SAMPLES_PER_APP);
    const answers: Answer[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < samples.length) answers.push(await send(samples[next++]!));
      }),
    );
    expect(answers).toHaveLength(SAMPLES_PER_APP);
    for (const { sample, status, body } of answers) {
      const what = `${sample.target} ${sample.path ?? ""} ${sample.body.slice(0, 300)}`;
      expect(status, what).toBeLessThan(500);
      if (sample.expect === "4xx") expect(status, what).toBeGreaterThanOrEqual(400);
      if (status >= 400) expect(body?.error?.message, what).toBeTruthy();
      if (status === 422) expect(body?.error?.issues?.[0]?.path, what).toBeTruthy();
    }
    // Most are refused for the value planted in them, on every route (Resend's callback is not
    // configured here: its bodies are read, then refused as unsigned).
    expect(answers.filter((a) => a.status === 422).length).toBeGreaterThan(SAMPLES_PER_APP / 2);
    for (const target of Object.keys(targets).filter((t) => t !== "resend")) {
      expect(answers.some((a) => a.sample.target === target && a.status === 422), target).toBe(true);
    }

    // The named attacks, each with the answer it must get.
    const named: { name: string; target: Target; body: string; path?: string; contentType?: string; status: number; issue?: RegExp; message?: RegExp }[] = [
      { name: "NUL in a recipient id", target: "intake", body: JSON.stringify({ to: ["al\u0000ice"], content: { in_app: { title: "Hi" } } }), status: 422, issue: /^to\[0\]$/ },
      { name: "lone surrogate in a title", target: "intake", body: String.raw`{"to":["alice"],"content":{"in_app":{"title":"\ud800"}}}`, status: 422, issue: /^content\.in_app\.title$/ },
      { name: "NUL in data", target: "intake", body: JSON.stringify({ to: ["alice"], content: { in_app: { title: "Hi" } }, data: { a: { b: "\u0000" } } }), status: 422, issue: /^data\.a\.b$/ },
      { name: "data 5,000 deep, known recipient", target: "intake", body: `{"to":["alice"],"content":{"in_app":{"title":"Hi"}},"data":${nested(5_000)}}`, status: 422, issue: /^data\.a\.a/, message: /deep/ },
      { name: "data 20,000 deep, unknown recipient", target: "intake", body: `{"to":["nobody"],"content":{"in_app":{"title":"Hi"}},"data":${nested(20_000)}}`, status: 422, issue: /^data\.a\.a/ },
      { name: "data 40 deep", target: "intake", body: `{"to":["alice"],"content":{"in_app":{"title":"Hi"}},"data":${nested(40)}}`, status: 422, issue: /^data\.a/, message: /32/ },
      { name: "__proto__ in data", target: "intake", body: `{"to":["alice"],"content":{"in_app":{"title":"Hi"}},"data":{"__proto__":{"admin":true}}}`, status: 422, issue: /^data\.__proto__$/ },
      { name: "__proto__ in preferences", target: "preferences", body: `{"__proto__":{"global":{"email":false}}}`, status: 422, issue: /^__proto__$/ },
      { name: "__proto__ in preference types", target: "preferences", body: `{"types":{"__proto__":{"email":false}}}`, status: 422, issue: /^types\.__proto__$/ },
      { name: "constructor in recipient data", target: "recipient", body: `{"data":{"constructor":{"prototype":{"x":1}}}}`, status: 422, issue: /^data\.constructor$/ },
      { name: "NUL in a recipient id (path)", target: "recipient", path: "fuzz%00target", body: "{}", status: 422, issue: /^params\.id$/ },
      { name: "lone surrogate in recipient data", target: "recipient", body: String.raw`{"data":{"note":"\udc00"}}`, status: 422, issue: /^data\.note$/ },
      { name: "NUL in a template", target: "template-save", body: JSON.stringify({ channel: "in_app", content: { title: "Hi\u0000" } }), status: 422, issue: /^content\.title$/ },
      { name: "20,000-deep preview data", target: "template-preview", body: `{"channel":"in_app","content":{"title":"Hi"},"data":${nested(20_000)}}`, status: 422, issue: /^data\.a/ },
      { name: "the receiver host on Postgres' port", target: "webhook-endpoint", body: JSON.stringify({ url: "http://127.0.0.1:5432/", typeKey: "comment.created" }), status: 422, issue: /^url$/ },
      { name: "a name resolving to loopback, on a port not allowed", target: "webhook-endpoint", body: JSON.stringify({ url: `http://localhost:${receiverPort + 2}/hooks`, typeKey: "comment.created" }), status: 422, issue: /^url$/ },
      { name: "NUL in a signed callback form", target: "twilio", body: "MessageSid=SM1&ErrorMessage=a%00b", contentType: "application/x-www-form-urlencoded", status: 422, issue: /^ErrorMessage$/ },
      ...(["text/plain", "text/plain; note=application/json", "application/json; note=x", "application/json; charset=latin1", "application/x-www-form-urlencoded"] as const).flatMap((contentType) =>
        (["intake", "preferences", "recipient", "webhook-endpoint", "template-save", "template-preview", "resend"] as const).map((target) => ({
          name: `${contentType} to ${target}`,
          target,
          body: "{}",
          contentType,
          status: 415,
          message: /application\/json/,
        })),
      ),
      { name: "JSON to twilio", target: "twilio", body: "{}", contentType: "application/json", status: 415, message: /application\/x-www-form-urlencoded/ },
    ];
    for (const attack of named) {
      const { status, body } = await send({ target: attack.target, body: attack.body, path: attack.path, contentType: attack.contentType, expect: "4xx" });
      expect(status, attack.name).toBe(attack.status);
      expect(body?.error?.message, attack.name).toBeTruthy();
      if (attack.issue) expect(body?.error?.issues?.map((i) => i.path), attack.name).toContainEqual(expect.stringMatching(attack.issue));
      if (attack.message) expect(body?.error?.message, attack.name).toMatch(attack.message);
    }

    // Oversized bodies without Content-Length: cut off at the route's limit, long before the end.
    for (const target of Object.keys(targets) as Target[]) {
      const { status, body, sent } = await sendEndless(`${baseUrl}${targets[target].path}`, targets[target].method, {
        ...targets[target].auth,
        "content-type": target === "twilio" ? "application/x-www-form-urlencoded" : "application/json",
      });
      expect(status, target).toBe(413);
      expect(JSON.parse(body).error.message, target).toMatch(/over \d+ bytes/);
      expect(sent, target).toBeLessThan(32 * 1024 * 1024);
    }

    expect(await observe()).toEqual(before);
    expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200);
  });
});
