import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromZodError } from "@/lib/api/errors";
import { assertSafeJson } from "@/lib/json/assert-safe-json";
import { findJsonIssues, textProblem } from "@/lib/json/find-json-issues";
import { jsonObjectSchema } from "@/lib/json/json-object-schema";
import { notificationRequestSchema } from "@/lib/notifications/schemas";

/** `depth` arrays inside each other, built without recursion. */
const nestedArrays = (depth: number) => JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`) as unknown;
const paths = (value: unknown, limits = { maxDepth: 32 }) => findJsonIssues(value, limits).map((i) => i.path);

describe("textProblem", () => {
  it.each([["a\u0000b"], ["\ud800"], ["x\udfff"], ["\udc00\ud800"]])("refuses %j", (s) => expect(textProblem(s)).toBeTruthy());
  it.each([["plain"], ["emoji 😀"], ["\ud83d\ude00"], [""], ["\u0001 other control characters are text"]])("accepts %j", (s) => expect(textProblem(s)).toBeNull());
});

describe("findJsonIssues", () => {
  it("names each problem by its path, in document order", () => {
    const value = JSON.parse(String.raw`{"to":["ok","a\u0000"],"content":{"in_app":{"title":"\ud800"}},"data":{"__proto__":{},"x":[{"constructor":1},{"prototype":2}],"b\udc00":3}}`);
    expect(paths(value)).toEqual([["to", 1], ["content", "in_app", "title"], ["data", "__proto__"], ["data", "x", 0, "constructor"], ["data", "x", 1, "prototype"], ["data", "b\\udc00"]]);
  });

  it("accepts ordinary JSON, whatever its shape", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 10 }), (value) => {
        const reserved = JSON.stringify(value).match(/"(__proto__|constructor|prototype)":/);
        const unsafe = /\\u0000|[\ud800-\udfff]/.test(JSON.stringify(value));
        fc.pre(!reserved && !unsafe);
        expect(findJsonIssues(value, { maxDepth: 32 })).toEqual([]);
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  it("counts the outermost object or array as level 1", () => {
    expect(findJsonIssues(nestedArrays(32), { maxDepth: 32 })).toEqual([]);
    expect(paths(nestedArrays(33))).toEqual([Array(32).fill(0)]);
    expect(findJsonIssues("scalar", { maxDepth: 0 })).toEqual([]);
  });

  it("judges a million levels without recursion, and quickly", () => {
    const started = performance.now();
    const issues = findJsonIssues(nestedArrays(1_000_000), { maxDepth: 64 });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/at most 64 levels/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("caps the keys of the whole tree, and the number of issues reported", () => {
    const wide = { a: Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}`, i])), b: Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}`, i])) };
    expect(findJsonIssues(wide, { maxDepth: 32, maxKeys: 1000 })).toMatchObject([{ path: ["b"], message: expect.stringMatching(/at most 1000/) }]);
    expect(findJsonIssues(wide, { maxDepth: 32, maxKeys: 1202 })).toEqual([]);
    expect(findJsonIssues(Array(100).fill("\u0000"), { maxDepth: 2 })).toHaveLength(20);
  });

  it("stops at a cycle (objects given directly, as to notify())", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(findJsonIssues(cycle, { maxDepth: 8 })).toHaveLength(1);
  });
});

describe("assertSafeJson", () => {
  it("throws a ZodError that the error model turns into a 422 with paths", () => {
    let caught: unknown;
    try {
      assertSafeJson({ data: { a: { b: "\u0000" } } });
    } catch (error) {
      caught = error;
    }
    const apiError = fromZodError(caught as never);
    expect(apiError).toMatchObject({ status: 422, message: expect.stringMatching(/^data\.a\.b: /), issues: [{ path: "data.a.b" }] });
    expect(() => assertSafeJson({ fine: ["yes", 1, null, { deep: true }] })).not.toThrow();
  });
});

describe("jsonObjectSchema (free-form data)", () => {
  it("holds data to 32 levels and 1,000 keys, with paths under the field", () => {
    const request = (data: unknown) => notificationRequestSchema.safeParse({ to: "alice", content: { in_app: { title: "Hi" } }, data });
    expect(request({ list: nestedArrays(31) }).success).toBe(true);
    const deep = request({ list: nestedArrays(32) });
    expect(deep.error?.issues[0]).toMatchObject({ path: ["data", "list", ...Array(31).fill(0)], message: expect.stringMatching(/32 levels/) });
    const wide = request(Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i])));
    expect(wide.error?.issues[0]).toMatchObject({ path: ["data"], message: expect.stringMatching(/1000/) });
    expect(jsonObjectSchema.safeParse({ nested: { "\u0000": 1 } }).error?.issues[0]?.path).toEqual(["nested", "\\u0000"]);
  });

  it("applies to recipient data and webhook payloads too", () => {
    const parsed = notificationRequestSchema.safeParse({
      to: [{ id: "carol", data: { deep: nestedArrays(40) } }],
      content: { in_app: { title: "Hi" }, webhook: { payload: { note: "\ud800" } } },
    });
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining([expect.stringMatching(/^to\.0\.data\.deep/), "content.webhook.payload.note"]));
  });

  it("refuses control characters in recipient ids", () => {
    expect(notificationRequestSchema.safeParse({ to: "al\u0000ice", content: { in_app: { title: "Hi" } } }).error?.issues[0]?.path).toEqual(["to", 0, "id"]);
  });
});
