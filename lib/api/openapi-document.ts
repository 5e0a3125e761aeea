import { z } from "zod";
import { errorCodes } from "@/lib/api/errors";
import { deliveryStatuses, priorities } from "@/lib/db/schema";
import { notificationRequestSchema } from "@/lib/notifications/schemas";
import { preferencesUpdateSchema } from "@/lib/preferences/preference-schemas";
import { pushTokenRemovalSchema, pushTokenSchema, recipientUpsertSchema } from "@/lib/recipients/recipient-schemas";
import { webhookEndpointCreateSchema, webhookEndpointUpdateSchema } from "@/lib/channels/webhooks/manage-webhook-endpoints";

// Request bodies as the client writes them (input side of each zod schema). Transforms and
// preprocessing (phone numbers to E.164, a single recipient to a list) are documented as the
// input they accept.
const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any", target: "draft-2020-12" });

type JsonSchema = { properties?: Record<string, JsonSchema>; items?: JsonSchema; [key: string]: unknown };

/**
 * `to` is preprocessed (a recipient id alone is a list of one, and an id string stands for a
 * known recipient), so its input schema is written out here: an id, an inline recipient, or a
 * list of either.
 */
function notificationRequestDocument(): JsonSchema {
  const request = schema(notificationRequestSchema) as JsonSchema;
  const list = request.properties!.to!;
  const fields = { ...list.items!.properties! };
  delete fields.ref;
  const inline = { ...list.items!, properties: fields, description: "A recipient given inline: created or updated with these fields" };
  const id = { ...fields.id!, description: "The host app's id of a known recipient" };
  request.properties!.to = {
    description: "One recipient or a list of them: each a known recipient's id or an inline recipient",
    anyOf: [id, inline, { type: "array", minItems: list.minItems, maxItems: list.maxItems, items: { anyOf: [id, inline] } }],
  };
  return request;
}

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", enum: errorCodes, description: "Stable, machine-readable; the HTTP status follows from it" },
        message: { type: "string", description: "Names what went wrong, for a person" },
        issues: {
          type: "array",
          description: "One entry per invalid field (validation errors)",
          items: { type: "object", required: ["path", "message"], properties: { path: { type: "string" }, message: { type: "string" } } },
        },
      },
    },
  },
  example: { error: { code: "unprocessable_entity", message: "to: expected a recipient id or a list of them", issues: [{ path: "to", message: "expected a recipient id or a list of them" }] } },
};

const acceptedSchema = {
  type: "object",
  required: ["data"],
  properties: {
    data: {
      type: "object",
      required: ["notifications"],
      properties: {
        notifications: {
          type: "array",
          description: "One notification per recipient, in the order of `to`",
          items: { type: "object", required: ["id", "recipient"], properties: { id: { type: "string", format: "uuid" }, recipient: { type: "string" } } },
        },
      },
    },
  },
  example: { data: { notifications: [{ id: "0f8fad5b-d9cb-469f-a165-70867728950e", recipient: "user-42" }] } },
};

// What the API answers, so that a generated client (lib/api-client) is typed end to end.
const str = { type: "string" };
const nullable = (schema: object) => ({ anyOf: [schema, { type: "null" }] });
const time = { type: "string", format: "date-time" };
const channelNames = ["in_app", "email", "sms", "push", "webhook"];
const switches = { type: "object", properties: Object.fromEntries(channelNames.map((c) => [c, { type: "boolean" }])), additionalProperties: false };
const object = (properties: Record<string, object>, description?: string) => ({
  type: "object",
  required: Object.keys(properties),
  properties,
  ...(description ? { description } : {}),
});
const recipientSchema = object({
  id: { type: "string", format: "uuid", description: "Herald's own id" },
  externalId: { type: "string", description: "The host app's recipient id" },
  userId: nullable({ type: "string", format: "uuid" }),
  name: nullable(str),
  email: nullable(str),
  phone: nullable({ type: "string", description: "E.164" }),
  locale: str,
  timezone: str,
  data: { type: "object", additionalProperties: true },
  createdAt: time,
  updatedAt: time,
});
const preferencesSchema = object({
  global: switches,
  types: {
    type: "array",
    items: object({
      key: str,
      name: str,
      description: nullable(str),
      category: nullable(str),
      critical: { type: "boolean", description: "Critical types reach the recipient whatever the switches say" },
      defaultChannels: { type: "array", items: { type: "string", enum: channelNames } },
      channels: switches,
    }),
  },
  quietHours: nullable(object({ enabled: { type: "boolean" }, start: str, end: str, timezone: str })),
});
const pushTokenRegisteredSchema = object({
  id: { type: "string", format: "uuid" },
  recipientId: { type: "string", format: "uuid" },
  token: str,
  platform: { type: "string", enum: ["web", "android", "ios"] },
  createdAt: time,
  lastSeenAt: time,
});
const webhookEndpointSchema = object({
  id: { type: "string", format: "uuid" },
  url: { type: "string", format: "uri" },
  description: nullable(str),
  recipientId: nullable({ type: "string", description: "The host app's recipient id" }),
  typeKey: nullable(str),
  enabled: { type: "boolean" },
  disabledAt: nullable(time),
  disabledReason: nullable(str),
  paused: { type: "boolean" },
  pausedAt: nullable(time),
  failingSince: nullable(time),
  consecutiveFailures: { type: "integer", minimum: 0 },
  lastSuccessAt: nullable(time),
  lastFailureAt: nullable(time),
  lastFailureReason: nullable(str),
  rotating: { type: "boolean", description: "A previous secret still signs alongside the new one" },
  deadLetters: { type: "integer", minimum: 0, description: "Failed deliveries that can be replayed to this endpoint" },
  createdAt: time,
});
const secret = { type: "string", pattern: "^whsec_", description: "The signing secret; shown only in this answer" };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const data = (schema: object, extra: Record<string, object> = {}) => object({ data: schema, ...extra });
const anyJson = { description: "Any JSON value, as stored" };
const jsonObject = { type: "object", additionalProperties: true };
const uuid = { type: "string", format: "uuid" };
const list = (items: object, description?: string) => ({ type: "array", items, ...(description ? { description } : {}) });
const recipientExportSchema = object({
  exportedAt: time,
  recipient: ref("Recipient"),
  preferences: ref("Preferences"),
  pushTokens: list(
    object({ id: uuid, platform: { type: "string", enum: ["web", "android", "ios"] }, token: { type: "string", description: "Masked: only the token's last characters" }, createdAt: time, lastSeenAt: time }),
    "Newest first",
  ),
  webhookEndpoints: list(object({ id: uuid, host: { type: "string", description: "The URL's host only: a URL can carry a credential" }, description: nullable(str), enabled: { type: "boolean" }, createdAt: time }), "Newest first"),
  notifications: list(
    object({
      id: uuid,
      type: { type: "string", description: "The notification type's key" },
      priority: { type: "string", enum: [...priorities] },
      status: str,
      data: jsonObject,
      content: nullable(jsonObject),
      channels: nullable(list({ type: "string", enum: channelNames })),
      sendAt: nullable(time),
      completedAt: nullable(time),
      createdAt: time,
      deliveries: list(
        object({
          id: uuid,
          channel: { type: "string", enum: channelNames },
          provider: nullable(str),
          status: { type: "string", enum: [...deliveryStatuses] },
          providerMessageId: nullable(str),
          attempts: { type: "integer", minimum: 0 },
          lastErrorCode: nullable(str),
          lastErrorMessage: nullable(str),
          meta: jsonObject,
          createdAt: time,
          updatedAt: time,
          events: list(
            object({ status: str, reason: nullable(str), provider: nullable(str), providerCode: nullable(str), providerMessage: nullable(str), attempt: nullable({ type: "integer" }), payload: anyJson, occurredAt: time }),
            "Oldest first",
          ),
          outboxMessage: nullable(
            object(
              { channel: str, recipient: { type: "string", description: "The address it went to" }, subject: nullable(str), body: nullable(str), html: nullable(str), payload: jsonObject, createdAt: time },
              "The dev outbox's copy, where messages are captured instead of sent (no provider configured)",
            ),
          ),
        }),
      ),
    }),
    "Newest first, each with its deliveries and their events",
  ),
  inboxItems: list(
    object({
      id: uuid,
      notificationId: nullable(uuid),
      type: str,
      title: str,
      body: nullable(str),
      actionUrl: nullable(str),
      actions: list(jsonObject),
      data: jsonObject,
      seenAt: nullable(time),
      readAt: nullable(time),
      archivedAt: nullable(time),
      createdAt: time,
    }),
    "Newest first",
  ),
  auditEntries: list(
    object({ id: uuid, action: str, actor: object({ type: { type: "string", enum: ["user", "api_key", "cli", "system"] }, name: str }), before: anyJson, after: anyJson, createdAt: time }),
    "Entries about this recipient (preferences changed on their behalf, exports), newest first",
  ),
});

const statusText: Record<number, string> = { 400: "Bad request", 401: "Missing or unknown API key", 403: "The API key lacks the scope", 404: "Not found", 409: "Conflict", 413: "Body too large", 415: "Not JSON", 422: "Invalid field values", 429: "Rate limited" };
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: statusText[code] ?? "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }]));

const json = (ref: string) => ({ required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } });
const ok = (description: string, schema: object) => ({ description, content: { "application/json": { schema } } });
const uuidParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const idParam = { name: "id", in: "path", required: true, schema: { type: "string" }, description: "The host app's recipient id" };

/** Herald's public API as an OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function openApiDocument(serverUrl?: string) {
  return {
    openapi: "3.1.0",
    info: { title: "Herald API", version: "1.0.0", description: "Send notifications and manage recipients. Authenticate with `Authorization: Bearer <API key>`." },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key created in the admin dashboard or with `npm run herald -- api-key create`." } },
      schemas: {
        Error: errorSchema,
        Accepted: acceptedSchema,
        NotificationRequest: notificationRequestDocument(),
        RecipientUpsert: schema(recipientUpsertSchema),
        PushToken: schema(pushTokenSchema),
        PushTokenRemoval: schema(pushTokenRemovalSchema),
        PreferencesUpdate: schema(preferencesUpdateSchema),
        WebhookEndpointCreate: schema(webhookEndpointCreateSchema),
        WebhookEndpointUpdate: schema(webhookEndpointUpdateSchema),
        Recipient: recipientSchema,
        Preferences: preferencesSchema,
        PushTokenRegistered: pushTokenRegisteredSchema,
        WebhookEndpoint: webhookEndpointSchema,
        RecipientExport: recipientExportSchema,
      },
    },
    paths: {
      "/api/v1/notifications": {
        post: {
          operationId: "sendNotification", summary: "Send a notification to one or many recipients",
          parameters: [{ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 256 }, description: "Replays the first answer for 24 h; 409 with another body." }],
          requestBody: json("NotificationRequest"),
          responses: { "202": { description: "Accepted: one notification per recipient", content: { "application/json": { schema: { $ref: "#/components/schemas/Accepted" } } } }, ...errors(400, 401, 403, 409, 413, 415, 422, 429) },
        },
      },
      "/api/v1/notifications/{id}/cancel": {
        post: {
          operationId: "cancelNotification", summary: "Cancel a notification that has not been delivered yet",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
          responses: { "200": ok("Cancelled", data(object({ id: { type: "string", format: "uuid" }, status: { type: "string", enum: ["cancelled"] } }))), ...errors(401, 403, 404, 409) },
        },
      },
      "/api/v1/recipients/{id}": {
        get: { operationId: "getRecipient", summary: "Get a recipient", parameters: [idParam], responses: { "200": ok("The recipient", data(ref("Recipient"))), ...errors(401, 403, 404) } },
        put: { operationId: "upsertRecipient", summary: "Create or update a recipient", parameters: [idParam], requestBody: json("RecipientUpsert"), responses: { "200": ok("Updated", data(ref("Recipient"))), "201": ok("Created", data(ref("Recipient"))), ...errors(400, 401, 403, 422) } },
        delete: { operationId: "deleteRecipient", summary: "Erase a recipient with their inbox, preferences, push tokens and notifications (recorded in the audit log)", parameters: [idParam], responses: { "204": { description: "Deleted" }, ...errors(401, 403, 404) } },
      },
      "/api/v1/recipients/{id}/export": {
        get: {
          operationId: "exportRecipient",
          summary: "Everything Herald holds about a recipient, as one JSON document (a download)",
          description:
            "Streamed a page at a time, so it is complete however much there is; not one snapshot: what changes while it streams may or may not be in it. Push tokens are masked and webhook endpoints named by host. Each export is recorded in the audit log. Needs `recipients:read`.",
          parameters: [idParam],
          responses: { "200": ok("The recipient's data", data(ref("RecipientExport"))), ...errors(401, 403, 404) },
        },
      },
      "/api/v1/recipients/{id}/push-tokens": {
        post: { operationId: "registerPushToken", summary: "Register a push token", parameters: [idParam], requestBody: json("PushToken"), responses: { "201": ok("Registered", data(ref("PushTokenRegistered"))), ...errors(400, 401, 403, 404, 422) } },
        delete: { operationId: "unregisterPushToken", summary: "Unregister a push token", parameters: [idParam], requestBody: json("PushTokenRemoval"), responses: { "204": { description: "Removed" }, ...errors(401, 403, 404, 422) } },
      },
      "/api/v1/recipients/{id}/preferences": {
        get: { operationId: "getPreferences", summary: "A recipient's preferences", parameters: [idParam], responses: { "200": ok("Preferences", data(ref("Preferences"))), ...errors(401, 403, 404) } },
        put: { operationId: "updatePreferences", summary: "Change a recipient's preferences", parameters: [idParam], requestBody: json("PreferencesUpdate"), responses: { "200": ok("Preferences", data(ref("Preferences"))), ...errors(400, 401, 403, 404, 422) } },
      },
      "/api/v1/webhook-endpoints": {
        get: {
          operationId: "listWebhookEndpoints", summary: "List webhook endpoints with their health (newest first; `after` cursor, `status=enabled|disabled|paused|failing`)",
          parameters: [
            { name: "after", in: "query", required: false, schema: { type: "string", format: "uuid" } },
            { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 100 } },
            { name: "status", in: "query", required: false, schema: { type: "string", enum: ["enabled", "disabled", "paused", "failing"] } },
          ],
          responses: { "200": ok("A page of endpoints", object({ data: { type: "array", items: ref("WebhookEndpoint") }, hasMore: { type: "boolean" }, next: nullable({ type: "string", format: "uuid", description: "The `after` of the next page" }) })), ...errors(401, 403, 422) },
        },
        post: {
          operationId: "createWebhookEndpoint", summary: "Create an endpoint for a recipient or a notification type; the signing secret (whsec_…) is returned once",
          requestBody: json("WebhookEndpointCreate"),
          responses: { "201": ok("Created, with `secret`", data({ allOf: [ref("WebhookEndpoint"), object({ secret })] })), ...errors(400, 401, 403, 422) },
        },
      },
      "/api/v1/webhook-endpoints/{id}": {
        get: { operationId: "getWebhookEndpoint", summary: "An endpoint with its health", parameters: [uuidParam], responses: { "200": ok("The endpoint", data(ref("WebhookEndpoint"))), ...errors(401, 403, 404) } },
        patch: {
          operationId: "updateWebhookEndpoint", summary: "Change the URL or description; enable/disable, pause/resume (resuming replays what the pause held); `replayFailed` replays every dead letter the endpoint is owed",
          parameters: [uuidParam],
          requestBody: json("WebhookEndpointUpdate"),
          responses: { "200": ok("The endpoint, and `replays: { replayed, skipped }` when any were queued", data(ref("WebhookEndpoint"), { replays: nullable(object({ replayed: { type: "integer", minimum: 0 }, skipped: { type: "integer", minimum: 0 } })) })), ...errors(400, 401, 403, 404, 422) },
        },
        delete: { operationId: "deleteWebhookEndpoint", summary: "Delete an endpoint", parameters: [uuidParam], responses: { "204": { description: "Deleted" }, ...errors(401, 403, 404) } },
      },
      "/api/v1/webhook-endpoints/{id}/rotate-secret": {
        post: { operationId: "rotateWebhookSecret", summary: "Issue a new secret; the previous one keeps signing alongside for 24 h", parameters: [uuidParam], responses: { "200": ok("The new secret", data(object({ endpoint: ref("WebhookEndpoint"), secret, previousSecretExpiresAt: time }))), ...errors(401, 403, 404) } },
      },
    },
  };
}
