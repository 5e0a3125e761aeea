"use client";

import type { BrowserPushConfig } from "./browser-push-config";

const STORAGE_KEY = "herald.pushToken";
const WORKER_URL = "/firebase-messaging-sw.js";

export type BrowserPushState = "unsupported" | "denied" | "enabled" | "disabled";

/** Whether this browser can do push at all, and what the user has chosen so far. */
export async function browserPushState(): Promise<BrowserPushState> {
  if (typeof window === "undefined" || !("Notification" in window) || !("serviceWorker" in navigator)) return "unsupported";
  const { isSupported } = await import("firebase/messaging");
  if (!(await isSupported())) return "unsupported";
  if (Notification.permission === "denied") return "denied";
  return localStorage.getItem(STORAGE_KEY) && Notification.permission === "granted" ? "enabled" : "disabled";
}

async function messagingFor(config: BrowserPushConfig) {
  const [{ getApps, initializeApp }, messaging] = await Promise.all([import("firebase/app"), import("firebase/messaging")]);
  const app = getApps().find((a) => a.name === "herald") ?? initializeApp(config.firebase, "herald");
  return { messaging: messaging.getMessaging(app), ...messaging };
}

async function callApi(method: "POST" | "DELETE", body: unknown) {
  const res = await fetch("/api/push-tokens", { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok && res.status !== 404) throw new Error(((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${res.status}`);
}

/** Asks permission, registers the service worker, gets an FCM token and hands it to Herald. */
export async function enableBrowserPush(config: BrowserPushConfig): Promise<BrowserPushState> {
  const permission = await Notification.requestPermission();
  if (permission !== "granted") return permission === "denied" ? "denied" : "disabled";
  const registration = await navigator.serviceWorker.register(WORKER_URL, { scope: "/firebase-cloud-messaging-push-scope" });
  const { messaging, getToken } = await messagingFor(config);
  const token = await getToken(messaging, { vapidKey: config.vapidKey, serviceWorkerRegistration: registration });
  await callApi("POST", { token, platform: "web" });
  localStorage.setItem(STORAGE_KEY, token);
  return "enabled";
}

/** Forgets this browser: FCM invalidates the token, Herald deletes it. */
export async function disableBrowserPush(config: BrowserPushConfig): Promise<BrowserPushState> {
  const token = localStorage.getItem(STORAGE_KEY);
  if (token) {
    await callApi("DELETE", { token });
    const { messaging, deleteToken } = await messagingFor(config);
    await deleteToken(messaging).catch(() => undefined);
    localStorage.removeItem(STORAGE_KEY);
  }
  return "disabled";
}
