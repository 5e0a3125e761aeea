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

/**
 * Reads frames from an SSE stream until `until` holds for those read so far, the stream ends, or
 * the time runs out; answers the frames read. The stream is left open (only its lock is released),
 * so a test can still check what closing it does.
 */
export async function readSseFrames(stream: ReadableStream<Uint8Array>, until: (frames: SseFrame[]) => boolean, timeoutMs = 5_000): Promise<SseFrame[]> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const frames: SseFrame[] = [];
  const deadline = Date.now() + timeoutMs;
  try {
    while (!until(frames) && Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
      if (!chunk || chunk.done) break;
      const parsed = parseSseFrames(text + decoder.decode(chunk.value, { stream: true }));
      text = parsed.rest;
      frames.push(...parsed.frames);
    }
    return frames;
  } finally {
    reader.releaseLock();
  }
}

/** The first frame of an SSE response that matches, or null if none came in time; closes the connection either way. */
export async function waitForSseFrame(response: Response, match: (frame: SseFrame) => boolean, timeoutMs = 5_000): Promise<SseFrame | null> {
  try {
    return (await readSseFrames(response.body!, (frames) => frames.some(match), timeoutMs)).find(match) ?? null;
  } finally {
    await response.body!.cancel().catch(() => {});
  }
}
