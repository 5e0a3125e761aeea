import { z } from "zod";
import { isValidTimeZone } from "@/lib/notifications/quiet-hours";

// Area/Location names (and UTC): the runtime also accepts offsets such as "+01:00", which are
// not zones and would not follow daylight saving time.
const zoneName = /^(UTC|[A-Za-z]+(\/[A-Za-z0-9_+-]+){1,2})$/;

/** A real IANA time zone ("Europe/Berlin", "UTC"), one the runtime knows. */
export const ianaTimeZoneSchema = z
  .string()
  .max(64, { abort: true })
  .refine((zone) => zoneName.test(zone) && isValidTimeZone(zone), { error: "expected an IANA time zone, e.g. Europe/Berlin" });
