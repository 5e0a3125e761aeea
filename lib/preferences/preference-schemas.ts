import { z } from "zod";
import { channels } from "@/lib/db/schema";
import { ianaTimeZoneSchema } from "./iana-time-zone-schema";

const switches = z.partialRecord(z.enum(channels), z.boolean());
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "expected a time as HH:MM" });

export const preferencesUpdateSchema = z.strictObject({
  global: switches.optional(),
  types: z.record(z.string().max(100), switches).optional(),
  quietHours: z.strictObject({ enabled: z.boolean(), start: clock, end: clock, timezone: ianaTimeZoneSchema }).nullable().optional(),
});
export type PreferencesUpdate = z.infer<typeof preferencesUpdateSchema>;
