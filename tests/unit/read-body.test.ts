import { describe, expect, it } from "vitest";
import { readFormBody, readJsonBody, readRawBody } from "@/lib/api/read-body";
import { apiErrorOf } from "../support/api-error-of";

const request = (body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("http://herald.test/", { method: "POST", body, headers, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);

/** A stream of `chunks` chunks of `size` bytes, counting how many were pulled. */
function counted(chunks: number, size: number) {
  const state = { pulled: 0 };
  const chunk = new Uint8Array(size).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled++ >= chunks) controller.close();
      else controller.enqueue(chunk);
    },
  });
  return { stream, state };
}

describe("readJsonBody", () => {
  it("parses JSON under the limit", async () => {
    expect(await readJsonBody(request('{"a":[1,"x"]}'))).toEqual({ a: [1, "x"] });
  });

  it.each(["application/json", "APPLICATION/JSON", "application/json; charset=utf-8", "application/json;charset=UTF-8", 'application/json; charset="utf-8"'])(
    "accepts Content-Type %s",
    async (type) => expect(await readJsonBody(request("{}", { "content-type": type }))).toEqual({}),
  );

  it.each(["text/plain", "text/plain; note=application/json", "application/json; note=x", "application/json; charset=latin1", "application/json; charset=utf-8; x=y", "application/jsonp", "application/problem+json", "", "application/x-www-form-urlencoded"])(
    "refuses Content-Type '%s' with a 415 naming application/json",
    async (type) => {
      const error = await apiErrorOf(readJsonBody(request("{}", type ? { "content-type": type } : {})));
      expect(error).toMatchObject({ status: 415 });
      expect(error.message).toContain("application/json");
    },
  );

  it("refuses a body without Content-Type", async () => {
    expect(await apiErrorOf(readJsonBody(new Request("http://herald.test/", { method: "POST", body: new Uint8Array([0x7b, 0x7d]) })))).toMatchObject({ status: 415 });
  });

  it("answers 400 to empty, malformed or non-UTF-8 bodies", async () => {
    expect(await apiErrorOf(readJsonBody(request(null)))).toMatchObject({ status: 400, message: expect.stringContaining("empty") });
    expect(await apiErrorOf(readJsonBody(request("{")))).toMatchObject({ status: 400, message: expect.stringContaining("not valid JSON") });
    expect(await apiErrorOf(readJsonBody(request(new Uint8Array([0x22, 0xff, 0x22]))))).toMatchObject({ status: 400, message: expect.stringContaining("UTF-8") });
    // A lone surrogate encoded as bytes (CESU-8) is not UTF-8 either.
    expect(await apiErrorOf(readJsonBody(request(new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22]))))).toMatchObject({ status: 400 });
  });

  it("refuses a declared length over the limit without reading", async () => {
    const { stream, state } = counted(10, 100);
    const error = await apiErrorOf(readJsonBody(request(stream, { "content-type": "application/json", "content-length": "1001" }), { maxBytes: 1000 }));
    expect(error).toMatchObject({ status: 413 });
    expect(state.pulled).toBeLessThanOrEqual(1);
  });

  it("stops reading a stream (chunked, no length) at the first chunk past the limit", async () => {
    const { stream, state } = counted(1_000_000, 1000);
    expect(await apiErrorOf(readJsonBody(request(stream), { maxBytes: 10_000 }))).toMatchObject({ status: 413 });
    // 11 chunks pass the limit; the stream may have been asked for one or two ahead.
    expect(state.pulled).toBeLessThan(15);
  });

  it("does not trust a Content-Length that understates the body", async () => {
    const { stream } = counted(20, 1000);
    expect(await apiErrorOf(readJsonBody(request(stream, { "content-type": "application/json", "content-length": "2" }), { maxBytes: 10_000 }))).toMatchObject({ status: 413 });
  });

  it("reads exactly up to the limit", async () => {
    const body = `"${"x".repeat(998)}"`;
    expect(await readJsonBody(request(body), { maxBytes: 1000 })).toHaveLength(998);
    expect(await apiErrorOf(readJsonBody(request(`${body} `), { maxBytes: 1000 }))).toMatchObject({ status: 413 });
  });

  it("refuses NUL, lone surrogates, reserved keys and deep nesting with a 422 listing each path", async () => {
    const error = await apiErrorOf(
      readJsonBody(request(String.raw`{"to":["a\u0000"],"content":{"in_app":{"title":"\ud800x"}},"data":{"a":{"b":"\udfff"},"__proto__":1,"k\u0000":2}}`)),
    );
    expect(error.status).toBe(422);
    expect(error.issues?.map((i) => i.path)).toEqual(["to[0]", "content.in_app.title", "data.a.b", "data.__proto__", "data.k\\u0000"]);
    expect(error.message).toMatch(/^to\[0\]: .*NUL/);

    const deep = await apiErrorOf(readJsonBody(request(`{"data":${"[".repeat(100_000)}${"]".repeat(100_000)}}`)));
    expect(deep.status).toBe(422);
    expect(deep.issues?.[0]?.path).toMatch(/^data(\[0\]){63}$/);
  });
});

describe("readRawBody", () => {
  it("returns the exact text, for signatures", async () => {
    const text = ' { "b": 1,\n"a": 2 } ';
    expect(await readRawBody(request(text), { mediaType: "application/json" })).toBe(text);
  });
});

describe("readFormBody", () => {
  const form = (body: string, type = "application/x-www-form-urlencoded") => request(body, { "content-type": type });

  it("parses a form; charset=utf-8 is allowed", async () => {
    expect(Object.fromEntries(await readFormBody(form("MessageSid=SM1&MessageStatus=sent")))).toEqual({ MessageSid: "SM1", MessageStatus: "sent" });
    expect((await readFormBody(form("a=%C3%A9", "application/x-www-form-urlencoded; charset=UTF-8"))).get("a")).toBe("é");
  });

  it("refuses other media types, oversized forms and NUL in a field", async () => {
    expect(await apiErrorOf(readFormBody(form("a=1", "application/json")))).toMatchObject({ status: 415, message: expect.stringContaining("application/x-www-form-urlencoded") });
    expect(await apiErrorOf(readFormBody(form("a=1", "multipart/form-data; boundary=x")))).toMatchObject({ status: 415 });
    expect(await apiErrorOf(readFormBody(form(`a=${"x".repeat(200)}`), { maxBytes: 100 }))).toMatchObject({ status: 413 });
    expect(await apiErrorOf(readFormBody(form("ErrorMessage=a%00b")))).toMatchObject({ status: 422, issues: [{ path: "ErrorMessage" }] });
  });
});
