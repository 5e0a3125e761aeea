import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countSmsSegments } from "@/lib/channels/sms-segments";

describe("countSmsSegments", () => {
  it("fits 160 GSM-7 characters in one segment, then 153 per part", () => {
    expect(countSmsSegments("a".repeat(160))).toMatchObject({ encoding: "GSM-7", segments: 1 });
    expect(countSmsSegments("a".repeat(161))).toMatchObject({ encoding: "GSM-7", segments: 2 });
    expect(countSmsSegments("a".repeat(306))).toMatchObject({ segments: 2 });
    expect(countSmsSegments("a".repeat(307))).toMatchObject({ segments: 3 });
  });
  it("counts extension characters (€, [, ]) as two septets", () => {
    expect(countSmsSegments("€".repeat(80))).toMatchObject({ encoding: "GSM-7", segments: 1, characters: 80 });
    expect(countSmsSegments("€".repeat(81))).toMatchObject({ encoding: "GSM-7", segments: 2 });
  });
  it("switches the whole text to UCS-2 for one character outside GSM-7: 70, then 67 per part", () => {
    expect(countSmsSegments(`${"a".repeat(69)}ł`)).toMatchObject({ encoding: "UCS-2", segments: 1 });
    expect(countSmsSegments(`${"a".repeat(70)}ł`)).toMatchObject({ encoding: "UCS-2", segments: 2 });
    expect(countSmsSegments("🔐".repeat(35))).toMatchObject({ encoding: "UCS-2", segments: 1, characters: 35 });
    expect(countSmsSegments("🔐".repeat(36))).toMatchObject({ segments: 2 });
  });
  it("never splits a character and never reports fewer segments than the units require", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "€", "ł", "🔐", " "), maxLength: 400 }), (text) => {
        const r = countSmsSegments(text);
        const units = r.encoding === "GSM-7" ? [...text].reduce((n, c) => n + (c === "€" ? 2 : 1), 0) : text.length;
        const single = r.encoding === "GSM-7" ? 160 : 70;
        const part = r.encoding === "GSM-7" ? 153 : 67;
        if (units === 0) return r.segments === 0 || r.encoding === "UCS-2";
        return units <= single ? r.segments === 1 : r.segments >= Math.ceil(units / part);
      }),
    );
  });
});
