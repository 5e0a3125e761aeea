import { z } from "zod";
import { findJsonIssues } from "./find-json-issues";

/** What free-form JSON may hold: enough for any real payload, too little to hurt. */
const JSON_OBJECT_LIMITS = { maxDepth: 32, maxKeys: 1000 } as const;

/**
 * A free-form JSON object a client stores with us (notification data, recipient data, webhook
 * payloads): any shape, within JSON_OBJECT_LIMITS, with strings Postgres can store.
 */
export const jsonObjectSchema = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  for (const issue of findJsonIssues(value, JSON_OBJECT_LIMITS)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
});
