import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { findPostgresBin, freePort, startPostgresServer } from "./postgres-server";
import { createScratchDatabase } from "./scratch-database";
import { startApp } from "./start-app";

declare module "vitest" {
  export interface ProvidedContext {
    /** The app on the embedded default (PGlite): browser tests use this one. */
    baseUrl: string;
    /** Every running app: the embedded default and, when a server is available, PostgreSQL. */
    apps: { kind: "pglite" | "postgres"; baseUrl: string }[];
    /** The one loopback port the apps may send webhooks to: test receivers listen on it. */
    webhookReceiverPort: number;
  }
}

const root = path.resolve(import.meta.dirname, "../..");

/**
 * Builds the app for production and starts it on a free 127.0.0.1 port with a fresh embedded
 * database (demo data seeded on first start), exactly as a newcomer would run it.
 * HERALD_E2E_SKIP_BUILD=1 reuses an existing build while iterating on tests.
 */
export default async function setup(project: TestProject) {
  if (process.env.HERALD_E2E_SKIP_BUILD !== "1" || !fs.existsSync(path.join(root, ".next/BUILD_ID"))) {
    // `npm run build`: the embeddable bell first (prebuild), then the app. Its output is shown
    // only when it fails (type errors are printed on stdout).
    try {
      execFileSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_ENV: "production" } });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(`npm run build failed:\n${String(stdout ?? "").slice(-4000)}\n${String(stderr ?? "").slice(-4000)}`);
    }
  }
  // One PostgreSQL server for the whole run: the shared app's database and every test file's
  // scratch databases (createScratchDatabase reads TEST_DATABASE_URL) live on it.
  const stops: (() => Promise<void>)[] = [];
  const bin = process.env.TEST_DATABASE_URL ? null : findPostgresBin();
  if (bin) {
    const server = await startPostgresServer(bin);
    process.env.TEST_DATABASE_URL = server.url;
    stops.push(async () => {
      delete process.env.TEST_DATABASE_URL;
      await server.stop();
    });
  }
  // Webhook receivers in the tests listen on loopback, which Herald refuses unless allowed —
  // on this one port only, as an operator would allow a receiver: the rest of 127.0.0.1 stays shut.
  const webhookReceiverPort = await freePort();
  const appEnv = { LOG_LEVEL: "warn", WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${webhookReceiverPort}` };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-e2e-"));
  const embedded = await startApp({ ...appEnv, HERALD_DATA_DIR: dataDir, DATABASE_URL: "" });
  stops.unshift(embedded.stop, async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const apps: { kind: "pglite" | "postgres"; baseUrl: string }[] = [{ kind: "pglite", baseUrl: embedded.baseUrl }];

  // The same build on PostgreSQL, seeded with the demo data, for the HTTP tests that run on both.
  const scratch = await createScratchDatabase("herald_e2e");
  if (scratch) {
    stops.unshift(scratch.drop);
    // This one also offers browser push (a Firebase web config), so the offer can be seen.
    const onPostgres = await startApp({
      ...appEnv,
      DATABASE_URL: scratch.url,
      HERALD_SEED_DEMO: "true",
      // The shared tests sign in as demo users on both databases; a real plain-Postgres
      // deployment (no local sign-in) is tests/e2e/production-identity.test.ts.
      HERALD_UNSAFE_LOCAL_SIGN_IN: "true",
      FIREBASE_WEB_CONFIG: JSON.stringify({ apiKey: "AIzaSyTest-Herald-e2e", projectId: "herald-e2e", messagingSenderId: "1234567890", appId: "1:1234567890:web:abcdef" }),
      FIREBASE_VAPID_KEY: "BFeVGGKly3r_yn_cxzuwiQb2Dz8Jqq9Y45tHvpowEYt4Hz3i2jtvHq-Q6OA2Q9iz3F4fi5sfPeT-0nBy4AlYrOI",
    });
    stops.unshift(onPostgres.stop);
    apps.push({ kind: "postgres", baseUrl: onPostgres.baseUrl });
  } else if (process.env.CI) {
    throw new Error("CI=true but no PostgreSQL server for the end-to-end tests: install postgresql or set TEST_DATABASE_URL.");
  }

  project.provide("baseUrl", embedded.baseUrl);
  project.provide("apps", apps);
  project.provide("webhookReceiverPort", webhookReceiverPort);
  return async () => {
    for (const stop of stops) await stop();
  };
}
