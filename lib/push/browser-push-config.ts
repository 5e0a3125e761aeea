import { z } from "zod";
import { getEnv } from "@/lib/env";

const firebaseWebConfigSchema = z.object({
  apiKey: z.string().min(1),
  projectId: z.string().min(1),
  messagingSenderId: z.string().min(1),
  appId: z.string().min(1),
  authDomain: z.string().optional(),
  storageBucket: z.string().optional(),
});

/** What the browser needs to ask FCM for a push token. All of it is public by design. */
export type BrowserPushConfig = { firebase: z.infer<typeof firebaseWebConfigSchema>; vapidKey: string };

let resolved: { config: BrowserPushConfig | null } | undefined;

/** Browser push is offered only when both the web config and the VAPID key are set (read once). */
export function browserPushConfig(): BrowserPushConfig | null {
  resolved ??= { config: readBrowserPushConfig() };
  return resolved.config;
}

function readBrowserPushConfig(): BrowserPushConfig | null {
  const env = getEnv();
  if (!env.FIREBASE_WEB_CONFIG || !env.FIREBASE_VAPID_KEY) return null;
  let json: unknown;
  try {
    json = JSON.parse(env.FIREBASE_WEB_CONFIG);
  } catch {
    return null;
  }
  const parsed = firebaseWebConfigSchema.safeParse(json);
  return parsed.success ? { firebase: parsed.data, vapidKey: env.FIREBASE_VAPID_KEY } : null;
}
