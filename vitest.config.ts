import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };
// Tests never touch `.data/`: getDatabase() opens an in-memory PGlite unless a test says otherwise.
const env = { LOG_LEVEL: process.env.LOG_LEVEL ?? "warn", NODE_ENV: "test" as const, HERALD_DATA_DIR: "memory://" };

export default defineConfig({
  resolve: { alias },
  test: {
    // Two files at a time even on two cores: integration and end-to-end files spend much of their
    // time waiting on Postgres, the app and child processes (the e2e files still run one by one).
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        // Some unit tests open an in-memory PGlite with the whole schema: slow on a busy machine.
        test: { name: "unit", include: ["tests/unit/**/*.test.{ts,tsx}"], environment: "node", env, hookTimeout: 60_000 },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          env,
          globalSetup: ["tests/support/postgres-global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          env,
          globalSetup: ["tests/support/app-global-setup.ts"],
          // One browser and one app process: the files share them, so they run one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
