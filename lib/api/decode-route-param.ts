/** A dynamic route segment as the user typed it; whether it arrives still percent-encoded has varied between Next.js versions. */
export function decodeRouteParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
