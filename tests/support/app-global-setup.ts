import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, stopProcessGroup } from "./postgres-server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const root = path.resolve(import.meta.dirname, "../..");
const next = path.join(root, "node_modules/.bin/next");

/**
 * Builds the app for production and starts it on a free 127.0.0.1 port with a fresh embedded
 * database (demo data seeded on first start), exactly as a newcomer would run it.
 * HERALD_E2E_SKIP_BUILD=1 reuses an existing build while iterating on tests.
 */
export default async function setup(project: TestProject) {
  if (process.env.HERALD_E2E_SKIP_BUILD !== "1" || !fs.existsSync(path.join(root, ".next/BUILD_ID"))) {
    execFileSync(next, ["build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-e2e-"));
  const port = await freePort();
  const child = spawn(next, ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", HERALD_DATA_DIR: dataDir, LOG_LEVEL: "warn", DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app exited during start-up:\n${output}`);
    if (Date.now() > deadline) throw new Error(`The app did not become healthy in 60 s:\n${output}`);
    const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  project.provide("baseUrl", baseUrl);
  return async () => {
    await stopProcessGroup(child, "SIGTERM", 5_000);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (process.env.HERALD_E2E_LOG) console.log(output);
  };
}
