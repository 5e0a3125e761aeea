import { getEnv, runtimeModes, type Env } from "@/lib/env";

const INNGEST_CLOUD_RUNS = "https://app.inngest.com/env/production/runs";
const DEV_SERVER = "http://localhost:8288";

/**
 * Where an admin finds the durable runs when Inngest executes them (null in the embedded mode,
 * whose runs Herald shows itself): INNGEST_DASHBOARD_URL when set; else the runs page of the
 * Dev Server, of the self-hosted server Herald talks to (its UI is served beside its API), or
 * of Inngest Cloud's production environment.
 */
export function inngestDashboardUrl(env: Env = getEnv()): string | null {
  const mode = runtimeModes(env).durable;
  if (mode === "embedded") return null;
  if (env.INNGEST_DASHBOARD_URL) return env.INNGEST_DASHBOARD_URL;
  if (mode === "inngest-dev") return new URL("/runs", typeof env.INNGEST_DEV === "string" ? env.INNGEST_DEV : DEV_SERVER).href;
  const selfHosted = env.INNGEST_API_BASE_URL ?? env.INNGEST_BASE_URL;
  return selfHosted ? new URL("/runs", selfHosted).href : INNGEST_CLOUD_RUNS;
}
