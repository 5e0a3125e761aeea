import { spawn } from "node:child_process";
import path from "node:path";
import { freePort, stopProcessGroup } from "./postgres-server";

const root = path.resolve(import.meta.dirname, "../..");

export type RunningApp = {
  baseUrl: string;
  /** Everything the app printed so far (stdout and stderr). */
  output: () => string;
  /** Stops the app's process group: SIGTERM, then SIGKILL after `graceMs`. */
  stop: (graceMs?: number) => Promise<void>;
};

/**
 * Starts the production build (`next start`) on a free 127.0.0.1 port and waits until
 * /api/health answers. The app's output is kept for the error when it does not come up (and
 * printed on stop with HERALD_E2E_LOG); `echoStderr` also shows its stderr as it comes, for a
 * script whose reader should see the app's errors.
 */
export async function startApp(
  env: Record<string, string> | ((baseUrl: string) => Record<string, string>),
  options: { echoStderr?: boolean } = {},
): Promise<RunningApp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // Tests and benches sign in dozens of times a minute, all from one address (an env can lower it).
  const child = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", HERALD_RATE_LIMIT_SIGN_IN: "10000", ...(typeof env === "function" ? env(baseUrl) : env) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => {
    output += chunk;
    if (options.echoStderr) process.stderr.write(chunk);
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app exited during start-up:\n${output}`);
    if (Date.now() > deadline) throw new Error(`The app did not become healthy in 60 s:\n${output}`);
    const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    output: () => output,
    stop: async (graceMs = 5_000) => {
      await stopProcessGroup(child, "SIGTERM", graceMs);
      if (process.env.HERALD_E2E_LOG) console.log(output);
    },
  };
}
