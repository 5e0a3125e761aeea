import { z } from "zod";
import { inlineRecipientSchema } from "@/lib/notifications/schemas";

/** PUT /api/v1/recipients/{id}: the recipient's fields; the id comes from the path. */
export const recipientUpsertSchema = inlineRecipientSchema.omit({ id: true }).extend({
  email: inlineRecipientSchema.shape.email.nullable(),
  phone: z.union([inlineRecipientSchema.shape.phone, z.null()]),
}).partial();

export const pushTokenSchema = z.strictObject({
  token: z.string().min(10).max(4096),
  platform: z.enum(["web", "android", "ios"]),
});

/** The body of DELETE /api/v1/recipients/{id}/push-tokens. */
export const pushTokenRemovalSchema = z.strictObject({ token: z.string().min(1).max(4096) });
