import { z } from "zod";
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
        code: { type: "string" },
        message: { type: "string" },
        issues: { type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } } },
      },
    },
  },
};

const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }]));

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
          summary: "Send a notification to one or many recipients",
          parameters: [{ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 256 }, description: "Replays the first answer for 24 h; 409 with another body." }],
          requestBody: json("NotificationRequest"),
          responses: { "202": ok("Accepted: one notification per recipient"), ...errors(400, 401, 403, 409, 413, 415, 422, 429) },
        },
      },
      "/api/v1/notifications/{id}/cancel": {
        post: {
          summary: "Cancel a notification that has not been delivered yet",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
          responses: { "200": ok("Cancelled"), ...errors(401, 403, 404, 409) },
        },
      },
      "/api/v1/recipients/{id}": {
        get: { summary: "Get a recipient", parameters: [idParam], responses: { "200": ok("The recipient"), ...errors(401, 403, 404) } },
        put: { summary: "Create or update a recipient", parameters: [idParam], requestBody: json("RecipientUpsert"), responses: { "200": ok("Updated"), "201": ok("Created"), ...errors(400, 401, 403, 422) } },
        delete: { summary: "Delete a recipient with their inbox, preferences and push tokens", parameters: [idParam], responses: { "204": { description: "Deleted" }, ...errors(401, 403, 404) } },
      },
      "/api/v1/recipients/{id}/push-tokens": {
        post: { summary: "Register a push token", parameters: [idParam], requestBody: json("PushToken"), responses: { "201": ok("Registered"), ...errors(400, 401, 403, 404, 422) } },
        delete: { summary: "Unregister a push token", parameters: [idParam], responses: { "204": { description: "Removed" }, ...errors(401, 403, 404, 422) } },
      },
      "/api/v1/recipients/{id}/preferences": {
        get: { summary: "A recipient's preferences", parameters: [idParam], responses: { "200": ok("Preferences"), ...errors(401, 403, 404) } },
        put: { summary: "Change a recipient's preferences", parameters: [idParam], requestBody: json("PreferencesUpdate"), responses: { "200": ok("Preferences"), ...errors(400, 401, 403, 404, 422) } },
      },
      "/api/v1/webhook-endpoints": {
        get: {
          summary: "List webhook endpoints with their health (newest first; `after` cursor, `status=enabled|disabled|paused|failing`)",
          parameters: [
            { name: "after", in: "query", required: false, schema: { type: "string", format: "uuid" } },
            { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 100 } },
            { name: "status", in: "query", required: false, schema: { type: "string", enum: ["enabled", "disabled", "paused", "failing"] } },
          ],
          responses: { "200": ok("A page of endpoints"), ...errors(401, 403, 422) },
        },
        post: {
          summary: "Create an endpoint for a recipient or a notification type; the signing secret (whsec_…) is returned once",
          requestBody: json("WebhookEndpointCreate"),
          responses: { "201": ok("Created, with `secret`"), ...errors(400, 401, 403, 422) },
        },
      },
      "/api/v1/webhook-endpoints/{id}": {
        get: { summary: "An endpoint with its health", parameters: [uuidParam], responses: { "200": ok("The endpoint"), ...errors(401, 403, 404) } },
        patch: {
          summary: "Change the URL or description; enable/disable, pause/resume (resuming replays what the pause held); `replayFailed` replays every dead letter the endpoint is owed",
          parameters: [uuidParam],
          requestBody: json("WebhookEndpointUpdate"),
          responses: { "200": ok("The endpoint, and `replays: { replayed, skipped }` when any were queued"), ...errors(400, 401, 403, 404, 422) },
        },
        delete: { summary: "Delete an endpoint", parameters: [uuidParam], responses: { "204": { description: "Deleted" }, ...errors(401, 403, 404) } },
      },
      "/api/v1/webhook-endpoints/{id}/rotate-secret": {
        post: { summary: "Issue a new secret; the previous one keeps signing alongside for 24 h", parameters: [uuidParam], responses: { "200": ok("The new secret"), ...errors(401, 403, 404) } },
      },
    },
  };
}
