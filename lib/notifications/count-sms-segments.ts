// GSM 03.38: the basic set costs one 7-bit unit per character; the extension table (reached
// through an escape) costs two. Anything else forces the whole message into UCS-2.
const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED = "^{}\\[~]|€\f";

const basic = new Set(GSM_BASIC);
const extended = new Set(GSM_EXTENDED);

export type SmsEncoding = "GSM-7" | "UCS-2";

export type SmsSegments = {
  encoding: SmsEncoding;
  /** Characters as a reader counts them (code points). */
  characters: number;
  /** What the network counts: septets for GSM-7, 16-bit code units for UCS-2. */
  units: number;
  segments: number;
  /** Units one segment carries: 160/153 (GSM-7) or 70/67 (UCS-2), 153/67 once the message is split. */
  perSegment: number;
  /** Units left before the next segment starts. */
  remaining: number;
};

/** How an SMS body is encoded and into how many segments a network splits it. */
export function countSmsSegments(body: string): SmsSegments {
  const chars = [...body];
  const gsm = chars.every((c) => basic.has(c) || extended.has(c));
  const units = gsm ? chars.reduce((n, c) => n + (extended.has(c) ? 2 : 1), 0) : body.length;
  const single = gsm ? 160 : 70;
  const multi = gsm ? 153 : 67;
  let segments: number;
  if (units === 0) segments = 0;
  else if (units <= single) segments = 1;
  else if (gsm) segments = countGsmParts(chars, multi);
  else segments = countUcs2Parts(body, multi);
  const perSegment = segments > 1 ? multi : single;
  const capacity = segments <= 1 ? single : segments * multi;
  return { encoding: gsm ? "GSM-7" : "UCS-2", characters: chars.length, units, segments, perSegment, remaining: capacity - units };
}

// An escape and its character never straddle two parts, so a part may end one septet short.
function countGsmParts(chars: string[], per: number): number {
  let parts = 1;
  let used = 0;
  for (const c of chars) {
    const cost = extended.has(c) ? 2 : 1;
    if (used + cost > per) {
      parts++;
      used = 0;
    }
    used += cost;
  }
  return parts;
}

// A surrogate pair (an emoji) is not split across two parts either.
function countUcs2Parts(body: string, per: number): number {
  let parts = 1;
  let used = 0;
  for (const c of body) {
    const cost = c.length;
    if (used + cost > per) {
      parts++;
      used = 0;
    }
    used += cost;
  }
  return parts;
}
