// Herald's host-app kit: one entry point for a React host app. The provider connects to Herald
// with the host's user tokens; the hooks are headless; the components are built on them and
// themed through --herald-* CSS variables.
export { HeraldProvider, type HeraldProviderProps } from "./herald-provider";
export { useNotifications, type HeraldNotification, type NotificationsTab, type UseNotificationsOptions, type UseNotificationsResult } from "./use-notifications";
export { useUnreadCount, type UseUnreadCountResult } from "./use-unread-count";
export { usePreferences, type HeraldChannel, type HeraldPreferences, type UsePreferencesResult } from "./use-preferences";
export { useNotificationActions, type NotificationActions } from "./use-notification-actions";
export { NotificationBell, type NotificationBellProps } from "./notification-bell";
export { NotificationFeed, type NotificationFeedProps } from "./notification-feed";
export { PreferencesPanel, type PreferencesPanelProps } from "./preferences-panel";
export type { HeraldError } from "./herald-error";
export type { SupabaseRealtimeConfig } from "@/lib/realtime/client/supabase-source";
