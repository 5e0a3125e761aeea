import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countSmsSegments } from "@/lib/notifications/count-sms-segments";

describe("countSmsSegments", () => {
  it("is empty for an empty body", () => {
    expect(countSmsSegments("")).toMatchObject({ encoding: "GSM-7", units: 0, segments: 0, remaining: 160 });
  });

  it("fits 160 GSM-7 characters in one segment, then splits by 153", () => {
    expect(countSmsSegments("a".repeat(160))).toMatchObject({ encoding: "GSM-7", segments: 1, perSegment: 160, remaining: 0 });
    expect(countSmsSegments("a".repeat(161))).toMatchObject({ segments: 2, perSegment: 153, remaining: 306 - 161 });
    expect(countSmsSegments("a".repeat(306)).segments).toBe(2);
    expect(countSmsSegments("a".repeat(307)).segments).toBe(3);
  });

  it("counts the extended GSM characters twice", () => {
    const s = countSmsSegments("€[]{}");
    expect(s).toMatchObject({ encoding: "GSM-7", characters: 5, units: 10 });
    expect(countSmsSegments("€".repeat(80)).segments).toBe(1);
    expect(countSmsSegments("€".repeat(81)).segments).toBe(2);
  });

  it("never splits an escape pair across two parts", () => {
    // 152 plain septets, then "€" (2) does not fit in the first 153: it starts the second part.
    const s = countSmsSegments("a".repeat(152) + "€" + "a".repeat(152));
    expect(s.units).toBe(306);
    expect(s.segments).toBe(3);
  });

  it("switches the whole message to UCS-2 for one character outside GSM-7: 70, then 67", () => {
    expect(countSmsSegments("Привет")).toMatchObject({ encoding: "UCS-2", units: 6, segments: 1, perSegment: 70 });
    expect(countSmsSegments("a".repeat(69) + "ж").segments).toBe(1);
    expect(countSmsSegments("a".repeat(70) + "ж")).toMatchObject({ segments: 2, perSegment: 67 });
    expect(countSmsSegments("ж".repeat(134)).segments).toBe(2);
    expect(countSmsSegments("ж".repeat(135)).segments).toBe(3);
  });

  it("counts an emoji as two UCS-2 units and one character", () => {
    expect(countSmsSegments("Hi 👋")).toMatchObject({ encoding: "UCS-2", characters: 4, units: 5 });
  });

  it("keeps GSM-7 for accented letters that are in the basic set", () => {
    expect(countSmsSegments("Ça va? Ünïcode").encoding).toBe("UCS-2"); // ï is not GSM-7
    expect(countSmsSegments("Ça va, Müller? è é ù").encoding).toBe("GSM-7");
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
