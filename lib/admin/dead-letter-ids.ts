import { z } from "zod";

/** The body of a bulk dead-letter action: 1 to 500 delivery ids, each named if malformed. */
export const deadLetterIdsSchema = z.strictObject({
  ids: z
    .array(z.uuid({ error: "expected a delivery id (uuid)" }))
    .min(1, { error: "name at least one delivery" })
    .max(500, { error: "at most 500 deliveries per request" })
    .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]),
});
