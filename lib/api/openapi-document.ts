import { z } from "zod";
import { errorCodes } from "@/lib/api/errors";
import { notificationRequestSchema } from "@/lib/notifications/schemas";
import { preferencesUpdateSchema } from "@/lib/preferences/preference-schemas";
import { pushTokenSchema, recipientUpsertSchema } from "@/lib/recipients/recipient-schemas";
import { webhookEndpointCreateSchema, webhookEndpointUpdateSchema } from "@/lib/channels/webhooks/manage-webhook-endpoints";

// Request bodies as the client writes them (input side of each zod schema). Transforms and
// preprocessing (phone numbers to E.164, a single recipient to a list) are documented as the
// input they accept.
const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any", target: "draft-2020-12" });

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

const statusText: Record<number, string> = { 400: "Bad request", 401: "Missing or unknown API key", 403: "The API key lacks the scope", 404: "Not found", 409: "Conflict", 413: "Body too large", 415: "Not JSON", 422: "Invalid field values", 429: "Rate limited" };
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: statusText[code] ?? "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }]));

const json = (ref: string) => ({ required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } });
const ok = (description: string) => ({ description, content: { "application/json": { schema: { type: "object", properties: { data: {} } } } } });
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
        NotificationRequest: schema(notificationRequestSchema),
        RecipientUpsert: schema(recipientUpsertSchema),
        PushToken: schema(pushTokenSchema),
        PreferencesUpdate: schema(preferencesUpdateSchema),
        WebhookEndpointCreate: schema(webhookEndpointCreateSchema),
        WebhookEndpointUpdate: schema(webhookEndpointUpdateSchema),
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
          responses: { "200": ok("Cancelled"), ...errors(401, 403, 404, 409) },
        },
      },
      "/api/v1/recipients/{id}": {
        get: { operationId: "getRecipient", summary: "Get a recipient", parameters: [idParam], responses: { "200": ok("The recipient"), ...errors(401, 403, 404) } },
        put: { operationId: "upsertRecipient", summary: "Create or update a recipient", parameters: [idParam], requestBody: json("RecipientUpsert"), responses: { "200": ok("Updated"), "201": ok("Created"), ...errors(400, 401, 403, 422) } },
        delete: { operationId: "deleteRecipient", summary: "Delete a recipient with their inbox, preferences and push tokens", parameters: [idParam], responses: { "204": { description: "Deleted" }, ...errors(401, 403, 404) } },
      },
      "/api/v1/recipients/{id}/push-tokens": {
        post: { operationId: "registerPushToken", summary: "Register a push token", parameters: [idParam], requestBody: json("PushToken"), responses: { "201": ok("Registered"), ...errors(400, 401, 403, 404, 422) } },
        delete: { operationId: "unregisterPushToken", summary: "Unregister a push token", parameters: [idParam], responses: { "204": { description: "Removed" }, ...errors(401, 403, 404, 422) } },
      },
      "/api/v1/recipients/{id}/preferences": {
        get: { operationId: "getPreferences", summary: "A recipient's preferences", parameters: [idParam], responses: { "200": ok("Preferences"), ...errors(401, 403, 404) } },
        put: { operationId: "updatePreferences", summary: "Change a recipient's preferences", parameters: [idParam], requestBody: json("PreferencesUpdate"), responses: { "200": ok("Preferences"), ...errors(400, 401, 403, 404, 422) } },
      },
      "/api/v1/webhook-endpoints": {
        get: {
          operationId: "listWebhookEndpoints", summary: "List webhook endpoints with their health (newest first; `after` cursor, `status=enabled|disabled|paused|failing`)",
          parameters: [
            { name: "after", in: "query", required: false, schema: { type: "string", format: "uuid" } },
            { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 100 } },
            { name: "status", in: "query", required: false, schema: { type: "string", enum: ["enabled", "disabled", "paused", "failing"] } },
          ],
          responses: { "200": ok("A page of endpoints"), ...errors(401, 403, 422) },
        },
        post: {
          operationId: "createWebhookEndpoint", summary: "Create an endpoint for a recipient or a notification type; the signing secret (whsec_…) is returned once",
          requestBody: json("WebhookEndpointCreate"),
          responses: { "201": ok("Created, with `secret`"), ...errors(400, 401, 403, 422) },
        },
      },
      "/api/v1/webhook-endpoints/{id}": {
        get: { operationId: "getWebhookEndpoint", summary: "An endpoint with its health", parameters: [uuidParam], responses: { "200": ok("The endpoint"), ...errors(401, 403, 404) } },
        patch: {
          operationId: "updateWebhookEndpoint", summary: "Change the URL or description; enable/disable, pause/resume (resuming replays what the pause held); `replayFailed` replays every dead letter the endpoint is owed",
          parameters: [uuidParam],
          requestBody: json("WebhookEndpointUpdate"),
          responses: { "200": ok("The endpoint, and `replays: { replayed, skipped }` when any were queued"), ...errors(400, 401, 403, 404, 422) },
        },
        delete: { operationId: "deleteWebhookEndpoint", summary: "Delete an endpoint", parameters: [uuidParam], responses: { "204": { description: "Deleted" }, ...errors(401, 403, 404) } },
      },
      "/api/v1/webhook-endpoints/{id}/rotate-secret": {
        post: { operationId: "rotateWebhookSecret", summary: "Issue a new secret; the previous one keeps signing alongside for 24 h", parameters: [uuidParam], responses: { "200": ok("The new secret"), ...errors(401, 403, 404) } },
      },
    },
  };
}
