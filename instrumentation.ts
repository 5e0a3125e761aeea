// Runs once when a server process starts, before it takes requests. The work is Node.js-only,
// so it lives in a module the Edge build never sees.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("@/lib/start-server");
    await startServer();
  }
}
