export type SseFrame = { id: number; event: string; data: { op: string; item: Record<string, unknown> & { title: string } } };

/** Splits Server-Sent Events text into complete frames (comments skipped) and the unfinished rest. */
export function parseSseFrames(text: string): { frames: SseFrame[]; rest: string } {
  const frames: SseFrame[] = [];
  let rest = text;
  let end: number;
  while ((end = rest.indexOf("\n\n")) >= 0) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    const fields = Object.fromEntries(
      block
        .split("\n")
        .filter((line) => !line.startsWith(":"))
        .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]),
    );
    if (fields.id) frames.push({ id: Number(fields.id), event: fields.event!, data: JSON.parse(fields.data!) });
  }
  return { frames, rest };
}
