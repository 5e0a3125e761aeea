// Typed view of the tables created by supabase/migrations (the SQL there is the schema; this file
// only describes it for queries). tests/integration/schema.test.ts checks the two agree.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  integer,
  jsonb,
  pgSchema,
  pgTable,
  primaryKey,
  text,
  time,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

export const channels = ["in_app", "email", "sms", "push", "webhook"] as const;
export type Channel = (typeof channels)[number];

export const priorities = ["critical", "high", "normal", "low"] as const;
export type Priority = (typeof priorities)[number];

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
const at = (name: string) => timestamp(name, { withTimezone: true });

const auth = pgSchema("auth");

export const authUsers = auth.table("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email"),
  // Untrusted on Supabase (an operator may write anything): read through toRole.
  rawAppMetaData: jsonb("raw_app_meta_data").$type<{ role?: string }>().default({}),
  rawUserMetaData: jsonb("raw_user_meta_data").$type<{ full_name?: string }>().default({}),
  createdAt: createdAt(),
});

export const signInLinks = pgTable("sign_in_links", {
  tokenHash: text("token_hash").primaryKey(),
  userId: uuid("user_id").notNull().references(() => authUsers.id, { onDelete: "cascade" }),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  createdAt: createdAt(),
});

export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});

export const recipients = pgTable("recipients", {
  id: uuid("id").primaryKey().defaultRandom(),
  externalId: text("external_id").notNull().unique(),
  userId: uuid("user_id").references(() => authUsers.id, { onDelete: "set null" }),
  name: text("name"),
  email: text("email"),
  phone: text("phone"),
  locale: text("locale").notNull().default("en"),
  timezone: text("timezone").notNull().default("UTC"),
  data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const pushTokens = pgTable("push_tokens", {
  id: uuid("id").primaryKey().defaultRandom(),
  recipientId: uuid("recipient_id").notNull().references(() => recipients.id, { onDelete: "cascade" }),
  token: text("token").notNull().unique(),
  platform: text("platform", { enum: ["web", "android", "ios"] }).notNull(),
  createdAt: createdAt(),
  lastSeenAt: at("last_seen_at").notNull().defaultNow(),
});

export type Escalation = { after: string; channels: Channel[] };

export const notificationTypes = pgTable("notification_types", {
  id: uuid("id").primaryKey().defaultRandom(),
  key: text("key").notNull().unique(),
  name: text("name").notNull(),
  description: text("description"),
  category: text("category"),
  defaultChannels: text("default_channels", { enum: channels }).array().notNull().default(sql`'{in_app}'`),
  critical: boolean("critical").notNull().default(false),
  escalation: jsonb("escalation").$type<Escalation>(),
  templateSettings: jsonb("template_settings").$type<{ defaultLocale?: string; variables?: string[] }>().notNull().default({}),
  /** In-app items of this type are deleted this many days after they were created; null keeps them. */
  inboxTtlDays: integer("inbox_ttl_days"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const templates = pgTable("templates", {
  id: uuid("id").primaryKey().defaultRandom(),
  notificationTypeId: uuid("notification_type_id")
    .notNull()
    .references(() => notificationTypes.id, { onDelete: "cascade" }),
  channel: text("channel", { enum: channels }).notNull(),
  locale: text("locale").notNull().default("en"),
  version: integer("version").notNull(),
  content: jsonb("content").$type<Record<string, string>>().notNull(),
  createdBy: uuid("created_by"),
  createdAt: createdAt(),
});

export const preferences = pgTable("preferences", {
  id: uuid("id").primaryKey().defaultRandom(),
  recipientId: uuid("recipient_id").notNull().references(() => recipients.id, { onDelete: "cascade" }),
  notificationTypeId: uuid("notification_type_id").references(() => notificationTypes.id, { onDelete: "cascade" }),
  channel: text("channel", { enum: channels }).notNull(),
  enabled: boolean("enabled").notNull(),
  updatedAt: updatedAt(),
});

export const quietHours = pgTable("quiet_hours", {
  recipientId: uuid("recipient_id").primaryKey().references(() => recipients.id, { onDelete: "cascade" }),
  enabled: boolean("enabled").notNull().default(true),
  startTime: time("start_time").notNull(),
  endTime: time("end_time").notNull(),
  timezone: text("timezone").notNull(),
  updatedAt: updatedAt(),
});

export const notifications = pgTable("notifications", {
  id: uuid("id").primaryKey().defaultRandom(),
  notificationTypeId: uuid("notification_type_id").notNull().references(() => notificationTypes.id),
  recipientId: uuid("recipient_id").notNull().references(() => recipients.id, { onDelete: "cascade" }),
  priority: text("priority", { enum: priorities }).notNull().default("normal"),
  data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  content: jsonb("content").$type<Record<string, Record<string, string>>>(),
  channels: text("channels", { enum: channels }).array(),
  status: text("status", {
    enum: ["accepted", "scheduled", "processing", "delivered", "partial", "failed", "skipped", "cancelled"],
  })
    .notNull()
    .default("accepted"),
  sendAt: at("send_at"),
  eventSentAt: at("event_sent_at"),
  startedAt: at("started_at"),
  completedAt: at("completed_at"),
  createdAt: createdAt(),
});

export type InboxAction = { label: string; url: string; style?: "primary" | "secondary" };

export const inboxItems = pgTable("inbox_items", {
  id: uuid("id").primaryKey().defaultRandom(),
  notificationId: uuid("notification_id").references(() => notifications.id, { onDelete: "cascade" }),
  recipientId: uuid("recipient_id").notNull().references(() => recipients.id, { onDelete: "cascade" }),
  typeKey: text("type_key").notNull(),
  title: text("title").notNull(),
  body: text("body"),
  actionUrl: text("action_url"),
  actions: jsonb("actions").$type<InboxAction[]>().notNull().default([]),
  data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  seenAt: at("seen_at"),
  readAt: at("read_at"),
  archivedAt: at("archived_at"),
  createdAt: createdAt(),
});

export const deliveryStatuses = [
  "queued",
  "sent",
  "delivered",
  "opened",
  "clicked",
  "failed",
  "bounced",
  "complained",
  "undelivered",
  "skipped",
  "cancelled",
] as const;

export const deliveries = pgTable("deliveries", {
  id: uuid("id").primaryKey().defaultRandom(),
  notificationId: uuid("notification_id").notNull().references(() => notifications.id, { onDelete: "cascade" }),
  recipientId: uuid("recipient_id").notNull().references(() => recipients.id, { onDelete: "cascade" }),
  channel: text("channel", { enum: channels }).notNull(),
  provider: text("provider"),
  status: text("status", { enum: deliveryStatuses }).notNull().default("queued"),
  idempotencyKey: text("idempotency_key").notNull().unique(),
  providerMessageId: text("provider_message_id"),
  attempts: integer("attempts").notNull().default(0),
  lastErrorCode: text("last_error_code"),
  lastErrorMessage: text("last_error_message"),
  meta: jsonb("meta").$type<DeliveryMeta>().notNull().default({}),
  replayCount: integer("replay_count").notNull().default(0),
  /** While the delivery waits to be tried again (its retry schedule, or a provider's circuit). */
  nextAttemptAt: at("next_attempt_at"),
  discardedAt: at("discarded_at"),
  discardedBy: uuid("discarded_by"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Facts about one delivery's message: SMS segments and encoding, push tokens reached. */
export type DeliveryMeta = {
  sms?: { segments: number; encoding: "GSM-7" | "UCS-2"; characters: number };
  push?: { tokens: number; succeeded: number; removedTokens: number };
  /** `pending`: the endpoints not reached yet, by id (a failed delivery owes them a replay). */
  webhook?: { endpoints: number; pending?: string[] };
};

export const deliveryEvents = pgTable("delivery_events", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  deliveryId: uuid("delivery_id").notNull().references(() => deliveries.id, { onDelete: "cascade" }),
  status: text("status").notNull(),
  reason: text("reason"),
  providerCode: text("provider_code"),
  providerMessage: text("provider_message"),
  provider: text("provider"),
  attempt: integer("attempt"),
  providerEventId: text("provider_event_id"),
  payload: jsonb("payload"),
  occurredAt: at("occurred_at").notNull().defaultNow(),
});

export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: uuid("id").primaryKey().defaultRandom(),
  recipientId: uuid("recipient_id").references(() => recipients.id, { onDelete: "cascade" }),
  typeKey: text("type_key"),
  url: text("url").notNull(),
  description: text("description"),
  secretCiphertext: text("secret_ciphertext").notNull(),
  previousSecretCiphertext: text("previous_secret_ciphertext"),
  previousSecretExpiresAt: at("previous_secret_expires_at"),
  enabled: boolean("enabled").notNull().default(true),
  disabledAt: at("disabled_at"),
  disabledReason: text("disabled_reason"),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  lastSuccessAt: at("last_success_at"),
  lastFailureAt: at("last_failure_at"),
  lastFailureReason: text("last_failure_reason"),
  /** Since the first failure after the last success; cleared by a success. */
  failingSince: at("failing_since"),
  pausedAt: at("paused_at"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const providerCircuits = pgTable("provider_circuits", {
  provider: text("provider").primaryKey(),
  state: text("state", { enum: ["closed", "open", "half_open"] }).notNull().default("closed"),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  openedAt: at("opened_at"),
  probeStartedAt: at("probe_started_at"),
  lastError: text("last_error"),
  updatedAt: updatedAt(),
});

export const earlyStatusCallbacks = pgTable(
  "early_status_callbacks",
  {
    provider: text("provider").notNull(),
    providerEventId: text("provider_event_id").notNull(),
    providerMessageId: text("provider_message_id").notNull(),
    callback: jsonb("callback").$type<Record<string, unknown>>().notNull(),
    receivedAt: at("received_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerEventId] })],
);

export const apiKeys = pgTable("api_keys", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  prefix: text("prefix").notNull(),
  keyHash: text("key_hash").notNull().unique(),
  scopes: text("scopes").array().notNull(),
  createdBy: uuid("created_by"),
  createdAt: createdAt(),
  lastUsedAt: at("last_used_at"),
  revokedAt: at("revoked_at"),
});

export const outboxMessages = pgTable("outbox_messages", {
  id: uuid("id").primaryKey().defaultRandom(),
  deliveryId: uuid("delivery_id").references(() => deliveries.id, { onDelete: "set null" }),
  channel: text("channel", { enum: ["email", "sms", "push", "webhook"] }).notNull(),
  recipient: text("recipient").notNull(),
  subject: text("subject"),
  body: text("body"),
  html: text("html"),
  payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
});

export const idempotencyKeys = pgTable("idempotency_keys", {
  key: text("key").primaryKey(),
  requestHash: text("request_hash").notNull(),
  response: jsonb("response").$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
});

export type Recipient = typeof recipients.$inferSelect;
export type NotificationType = typeof notificationTypes.$inferSelect;
export type InboxItem = typeof inboxItems.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type Delivery = typeof deliveries.$inferSelect;
export type DeliveryEvent = typeof deliveryEvents.$inferSelect;

export type BroadcastFilter = { search?: string; locale?: string; hasEmail?: boolean; hasPhone?: boolean };

export const broadcasts = pgTable("broadcasts", {
  id: uuid("id").primaryKey().defaultRandom(),
  request: jsonb("request").$type<Record<string, unknown>>().notNull(),
  filter: jsonb("filter").$type<BroadcastFilter>().notNull().default({}),
  status: text("status", { enum: ["queued", "running", "completed", "failed"] }).notNull().default("queued"),
  total: integer("total").notNull().default(0),
  accepted: integer("accepted").notNull().default(0),
  batchSize: integer("batch_size").notNull().default(250),
  cursor: text("cursor"),
  error: text("error"),
  createdBy: uuid("created_by"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  completedAt: at("completed_at"),
});

export const broadcastRecipients = pgTable("broadcast_recipients", {
  broadcastId: uuid("broadcast_id").notNull().references(() => broadcasts.id, { onDelete: "cascade" }),
  recipientId: uuid("recipient_id").notNull().references(() => recipients.id, { onDelete: "cascade" }),
  notificationId: uuid("notification_id").references(() => notifications.id, { onDelete: "set null" }),
  createdAt: createdAt(),
});

export type Broadcast = typeof broadcasts.$inferSelect;

export const auditLog = pgTable("audit_log", {
  id: uuid("id").primaryKey().defaultRandom(),
  actorType: text("actor_type", { enum: ["user", "api_key", "cli", "system"] }).notNull(),
  actorId: uuid("actor_id"),
  actorName: text("actor_name").notNull(),
  action: text("action").notNull(),
  targetType: text("target_type").notNull(),
  targetId: text("target_id"),
  before: jsonb("before"),
  after: jsonb("after"),
  requestId: text("request_id"),
  ip: text("ip"),
  createdAt: createdAt(),
});

export type AuditLogEntry = typeof auditLog.$inferSelect;

/** A fixed-window request counter per (bucket, key); `key` is a digest of what is limited. */
export const rateLimits = pgTable(
  "rate_limits",
  {
    bucket: text("bucket").notNull(),
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.key] })],
);
