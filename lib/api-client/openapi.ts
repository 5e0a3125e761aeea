// Generated from openapi.json by `npm run openapi:write` (openapi-typescript). Do not edit.
export interface paths {
    "/api/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a notification to one or many recipients */
        post: operations["sendNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a notification that has not been delivered yet */
        post: operations["cancelNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recipients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a recipient */
        get: operations["getRecipient"];
        /** Create or update a recipient */
        put: operations["upsertRecipient"];
        post?: never;
        /** Erase a recipient with their inbox, preferences, push tokens and notifications (recorded in the audit log) */
        delete: operations["deleteRecipient"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recipients/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Everything Herald holds about a recipient, as one JSON document (a download)
         * @description Streamed a page at a time, so it is complete however much there is; not one snapshot: what changes while it streams may or may not be in it. Push tokens are masked and webhook endpoints named by host. Each export is recorded in the audit log. Needs `recipients:read`.
         */
        get: operations["exportRecipient"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recipients/{id}/push-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a push token */
        post: operations["registerPushToken"];
        /** Unregister a push token */
        delete: operations["unregisterPushToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recipients/{id}/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A recipient's preferences */
        get: operations["getPreferences"];
        /** Change a recipient's preferences */
        put: operations["updatePreferences"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhook endpoints with their health (newest first; `after` cursor, `status=enabled|disabled|paused|failing`) */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /** Create an endpoint for a recipient or a notification type; the signing secret (whsec_…) is returned once */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An endpoint with its health */
        get: operations["getWebhookEndpoint"];
        put?: never;
        post?: never;
        /** Delete an endpoint */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /** Change the URL or description; enable/disable, pause/resume (resuming replays what the pause held); `replayFailed` replays every dead letter the endpoint is owed */
        patch: operations["updateWebhookEndpoint"];
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a new secret; the previous one keeps signing alongside for 24 h */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @example {
         *       "error": {
         *         "code": "unprocessable_entity",
         *         "message": "to: expected a recipient id or a list of them",
         *         "issues": [
         *           {
         *             "path": "to",
         *             "message": "expected a recipient id or a list of them"
         *           }
         *         ]
         *       }
         *     }
         */
        Error: {
            error: {
                /**
                 * @description Stable, machine-readable; the HTTP status follows from it
                 * @enum {string}
                 */
                code: "bad_request" | "unauthorized" | "forbidden" | "not_found" | "method_not_allowed" | "conflict" | "payload_too_large" | "unsupported_media_type" | "unprocessable_entity" | "rate_limit_exceeded" | "internal_server_error" | "service_unavailable";
                /** @description Names what went wrong, for a person */
                message: string;
                /** @description One entry per invalid field (validation errors) */
                issues?: {
                    path: string;
                    message: string;
                }[];
            };
        };
        /**
         * @example {
         *       "data": {
         *         "notifications": [
         *           {
         *             "id": "0f8fad5b-d9cb-469f-a165-70867728950e",
         *             "recipient": "user-42"
         *           }
         *         ]
         *       }
         *     }
         */
        Accepted: {
            data: {
                /** @description One notification per recipient, in the order of `to` */
                notifications: {
                    /** Format: uuid */
                    id: string;
                    recipient: string;
                }[];
            };
        };
        NotificationRequest: {
            /** @description One recipient or a list of them: each a known recipient's id or an inline recipient */
            to: string | {
                id: string;
                name?: string;
                /** Format: email */
                email?: string;
                phone?: string;
                locale?: string;
                timezone?: string;
                data?: {
                    [key: string]: unknown;
                };
            } | (string | {
                id: string;
                name?: string;
                /** Format: email */
                email?: string;
                phone?: string;
                locale?: string;
                timezone?: string;
                data?: {
                    [key: string]: unknown;
                };
            })[];
            type?: string;
            template?: string;
            content?: {
                in_app?: {
                    title: string;
                    body?: string;
                    actionUrl?: string;
                    actions?: {
                        label: string;
                        url: string;
                        /** @enum {string} */
                        style?: "primary" | "secondary";
                    }[];
                };
                email?: {
                    subject: string;
                    html?: string;
                    text?: string;
                };
                sms?: {
                    body: string;
                };
                push?: {
                    title: string;
                    body?: string;
                };
                webhook?: {
                    payload?: {
                        [key: string]: unknown;
                    };
                };
            };
            /** @default {} */
            data?: {
                [key: string]: unknown;
            };
            channels?: ("in_app" | "email" | "sms" | "push" | "webhook")[];
            /**
             * @default normal
             * @enum {string}
             */
            priority?: "critical" | "high" | "normal" | "low";
            /** Format: date-time */
            sendAt?: string;
        };
        RecipientUpsert: {
            name?: string;
            email?: string | null;
            phone?: string | null;
            locale?: string;
            timezone?: string;
            data?: {
                [key: string]: unknown;
            };
        };
        PushToken: {
            token: string;
            /** @enum {string} */
            platform: "web" | "android" | "ios";
        };
        PushTokenRemoval: {
            token: string;
        };
        PreferencesUpdate: {
            global?: {
                [key: string]: boolean;
            };
            types?: {
                [key: string]: {
                    [key: string]: boolean;
                };
            };
            quietHours?: {
                enabled: boolean;
                start: string;
                end: string;
                timezone: string;
            } | null;
        };
        WebhookEndpointCreate: {
            /** Format: uri */
            url: string;
            description?: string;
            recipientId?: string;
            typeKey?: string;
        };
        WebhookEndpointUpdate: {
            /** Format: uri */
            url?: string;
            description?: string | null;
            enabled?: boolean;
            paused?: boolean;
            replayFailed?: boolean;
        };
        Recipient: {
            /**
             * Format: uuid
             * @description Herald's own id
             */
            id: string;
            /** @description The host app's recipient id */
            externalId: string;
            userId: string | null;
            name: string | null;
            email: string | null;
            phone: string | null;
            locale: string;
            timezone: string;
            data: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Preferences: {
            global: {
                in_app?: boolean;
                email?: boolean;
                sms?: boolean;
                push?: boolean;
                webhook?: boolean;
            };
            types: {
                key: string;
                name: string;
                description: string | null;
                category: string | null;
                /** @description Critical types reach the recipient whatever the switches say */
                critical: boolean;
                defaultChannels: ("in_app" | "email" | "sms" | "push" | "webhook")[];
                channels: {
                    in_app?: boolean;
                    email?: boolean;
                    sms?: boolean;
                    push?: boolean;
                    webhook?: boolean;
                };
            }[];
            quietHours: {
                enabled: boolean;
                start: string;
                end: string;
                timezone: string;
            } | null;
        };
        PushTokenRegistered: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            recipientId: string;
            token: string;
            /** @enum {string} */
            platform: "web" | "android" | "ios";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastSeenAt: string;
        };
        WebhookEndpoint: {
            /** Format: uuid */
            id: string;
            /** Format: uri */
            url: string;
            description: string | null;
            recipientId: string | null;
            typeKey: string | null;
            enabled: boolean;
            disabledAt: string | null;
            disabledReason: string | null;
            paused: boolean;
            pausedAt: string | null;
            failingSince: string | null;
            consecutiveFailures: number;
            lastSuccessAt: string | null;
            lastFailureAt: string | null;
            lastFailureReason: string | null;
            /** @description A previous secret still signs alongside the new one */
            rotating: boolean;
            /** @description Failed deliveries that can be replayed to this endpoint */
            deadLetters: number;
            /** Format: date-time */
            createdAt: string;
        };
        RecipientExport: {
            /** Format: date-time */
            exportedAt: string;
            recipient: components["schemas"]["Recipient"];
            preferences: components["schemas"]["Preferences"];
            /** @description Newest first */
            pushTokens: {
                /** Format: uuid */
                id: string;
                /** @enum {string} */
                platform: "web" | "android" | "ios";
                /** @description Masked: only the token's last characters */
                token: string;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                lastSeenAt: string;
            }[];
            /** @description Newest first */
            webhookEndpoints: {
                /** Format: uuid */
                id: string;
                /** @description The URL's host only: a URL can carry a credential */
                host: string;
                description: string | null;
                enabled: boolean;
                /** Format: date-time */
                createdAt: string;
            }[];
            /** @description Newest first, each with its deliveries and their events */
            notifications: {
                /** Format: uuid */
                id: string;
                /** @description The notification type's key */
                type: string;
                /** @enum {string} */
                priority: "critical" | "high" | "normal" | "low";
                status: string;
                data: {
                    [key: string]: unknown;
                };
                content: {
                    [key: string]: unknown;
                } | null;
                channels: ("in_app" | "email" | "sms" | "push" | "webhook")[] | null;
                sendAt: string | null;
                completedAt: string | null;
                /** Format: date-time */
                createdAt: string;
                deliveries: {
                    /** Format: uuid */
                    id: string;
                    /** @enum {string} */
                    channel: "in_app" | "email" | "sms" | "push" | "webhook";
                    provider: string | null;
                    /** @enum {string} */
                    status: "queued" | "sent" | "delivered" | "opened" | "clicked" | "failed" | "bounced" | "complained" | "undelivered" | "skipped" | "cancelled";
                    providerMessageId: string | null;
                    attempts: number;
                    lastErrorCode: string | null;
                    lastErrorMessage: string | null;
                    meta: {
                        [key: string]: unknown;
                    };
                    /** Format: date-time */
                    createdAt: string;
                    /** Format: date-time */
                    updatedAt: string;
                    /** @description Oldest first */
                    events: {
                        status: string;
                        reason: string | null;
                        provider: string | null;
                        providerCode: string | null;
                        providerMessage: string | null;
                        attempt: number | null;
                        /** @description Any JSON value, as stored */
                        payload: unknown;
                        /** Format: date-time */
                        occurredAt: string;
                    }[];
                    outboxMessage: {
                        channel: string;
                        /** @description The address it went to */
                        recipient: string;
                        subject: string | null;
                        body: string | null;
                        html: string | null;
                        payload: {
                            [key: string]: unknown;
                        };
                        /** Format: date-time */
                        createdAt: string;
                    } | null;
                }[];
            }[];
            /** @description Newest first */
            inboxItems: {
                /** Format: uuid */
                id: string;
                notificationId: string | null;
                type: string;
                title: string;
                body: string | null;
                actionUrl: string | null;
                actions: {
                    [key: string]: unknown;
                }[];
                data: {
                    [key: string]: unknown;
                };
                seenAt: string | null;
                readAt: string | null;
                archivedAt: string | null;
                /** Format: date-time */
                createdAt: string;
            }[];
            /** @description Entries about this recipient (preferences changed on their behalf, exports), newest first */
            auditEntries: {
                /** Format: uuid */
                id: string;
                action: string;
                actor: {
                    /** @enum {string} */
                    type: "user" | "api_key" | "cli" | "system";
                    name: string;
                };
                /** @description Any JSON value, as stored */
                before: unknown;
                /** @description Any JSON value, as stored */
                after: unknown;
                /** Format: date-time */
                createdAt: string;
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    sendNotification: {
        parameters: {
            query?: never;
            header?: {
                /** @description Replays the first answer for 24 h; 409 with another body. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NotificationRequest"];
            };
        };
        responses: {
            /** @description Accepted: one notification per recipient */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            /** @description Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid field values */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    cancelNotification: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            status: "cancelled";
                        };
                    };
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getRecipient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The host app's recipient id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The recipient */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Recipient"];
                    };
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    upsertRecipient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The host app's recipient id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecipientUpsert"];
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Recipient"];
                    };
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Recipient"];
                    };
                };
            };
            /** @description Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid field values */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteRecipient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The host app's recipient id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportRecipient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The host app's recipient id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The recipient's data */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RecipientExport"];
                    };
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    registerPushToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The host app's recipient id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PushToken"];
            };
        };
        responses: {
            /** @description Registered */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["PushTokenRegistered"];
                    };
                };
            };
            /** @description Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid field values */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    unregisterPushToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The host app's recipient id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PushTokenRemoval"];
            };
        };
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid field values */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The host app's recipient id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Preferences */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Preferences"];
                    };
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updatePreferences: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The host app's recipient id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PreferencesUpdate"];
            };
        };
        responses: {
            /** @description Preferences */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Preferences"];
                    };
                };
            };
            /** @description Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid field values */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: {
                after?: string;
                limit?: number;
                status?: "enabled" | "disabled" | "paused" | "failing";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of endpoints */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookEndpoint"][];
                        hasMore: boolean;
                        next: string | null;
                    };
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid field values */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEndpointCreate"];
            };
        };
        responses: {
            /** @description Created, with `secret` */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookEndpoint"] & {
                            /** @description The signing secret; shown only in this answer */
                            secret: string;
                        };
                    };
                };
            };
            /** @description Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid field values */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookEndpoint"];
                    };
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEndpointUpdate"];
            };
        };
        responses: {
            /** @description The endpoint, and `replays: { replayed, skipped }` when any were queued */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookEndpoint"];
                        replays: {
                            replayed: number;
                            skipped: number;
                        } | null;
                    };
                };
            };
            /** @description Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid field values */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new secret */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            endpoint: components["schemas"]["WebhookEndpoint"];
                            /** @description The signing secret; shown only in this answer */
                            secret: string;
                            /** Format: date-time */
                            previousSecretExpiresAt: string;
                        };
                    };
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
