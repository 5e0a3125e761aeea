import { describe, expect, it } from "vitest";
import { parseJsonObject } from "@/lib/json/parse-json-object";

describe("parseJsonObject", () => {
  it("parses an object, and takes empty text as {}", () => {
    expect(parseJsonObject('{ "a": 1 }')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonObject("  ")).toEqual({ ok: true, value: {} });
  });

  it("points at the line and column of a syntax error", () => {
    const result = parseJsonObject('{\n  "author": "Bob",\n  "url" "/x"\n}');
    expect(result).toMatchObject({ ok: false, line: 3, column: 9 });
    expect(result.ok || result.message).not.toMatch(/position|line \d/);
  });

  it("reports an unfinished document at its end", () => {
    expect(parseJsonObject('{ "a": ')).toMatchObject({ ok: false, line: 1 });
  });

  it("refuses arrays and scalars", () => {
    expect(parseJsonObject("[1]")).toMatchObject({ ok: false, message: expect.stringMatching(/object/) });
    expect(parseJsonObject("42")).toMatchObject({ ok: false });
  });
});
