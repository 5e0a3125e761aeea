import type { TestProject } from "vitest/node";
import { findPostgresBin, startPostgresServer } from "./postgres-server";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

/**
 * Integration tests run against PGlite and a real PostgreSQL server. TEST_DATABASE_URL names
 * one (any database on it; tests create their own databases); otherwise Debian's PostgreSQL is
 * started here. Under CI a missing server fails the run instead of skipping half the tests.
 */
export default async function setup(project: TestProject) {
  const configured = process.env.TEST_DATABASE_URL;
  if (configured) {
    project.provide("postgresUrl", configured);
    return;
  }
  const bin = findPostgresBin();
  if (!bin) {
    if (process.env.CI) throw new Error("CI=true but no PostgreSQL server: install postgresql or set TEST_DATABASE_URL.");
    console.warn("\n[integration] PostgreSQL not found: only PGlite runs. Install postgresql or set TEST_DATABASE_URL.\n");
    project.provide("postgresUrl", null);
    return;
  }
  const server = await startPostgresServer(bin);
  project.provide("postgresUrl", server.url);
  return () => server.stop();
}
