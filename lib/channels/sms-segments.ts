// GSM 03.38 basic set, and the extension set whose characters take two septets (ESC + char).
const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED = "^{}\\[~]|€\f";
const basic = new Set(GSM_BASIC);
const extended = new Set(GSM_EXTENDED);

export type SmsSegments = { encoding: "GSM-7" | "UCS-2"; segments: number; characters: number; unitsPerSegment: number };

/**
 * How many SMS segments a text costs and in which encoding: GSM-7 fits 160 septets in one
 * message and 153 per part when concatenated; any other character switches the whole text to
 * UCS-2 (70, then 67 UTF-16 units per part). Extension characters (€, [, …) cost two septets.
 */
export function countSmsSegments(text: string): SmsSegments {
  const chars = [...text];
  const gsm = chars.every((c) => basic.has(c) || extended.has(c));
  if (gsm) {
    const septets = chars.reduce((n, c) => n + (extended.has(c) ? 2 : 1), 0);
    const segments = septets === 0 ? 0 : septets <= 160 ? 1 : segmentsFor(chars.map((c) => (extended.has(c) ? 2 : 1)), 153);
    return { encoding: "GSM-7", segments, characters: chars.length, unitsPerSegment: segments > 1 ? 153 : 160 };
  }
  const units = chars.map((c) => c.length); // UTF-16 code units: astral characters take two
  const total = units.reduce((a, b) => a + b, 0);
  const segments = total <= 70 ? 1 : segmentsFor(units, 67);
  return { encoding: "UCS-2", segments, characters: chars.length, unitsPerSegment: segments > 1 ? 67 : 70 };
}

/** Characters are never split across parts (an escape pair or a surrogate pair stays whole). */
function segmentsFor(costs: number[], perSegment: number): number {
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > perSegment) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return segments;
}
