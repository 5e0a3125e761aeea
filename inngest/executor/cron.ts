import { CronExpressionParser } from "cron-parser";

/** Next fire time of an Inngest cron trigger, which may start with `TZ=Area/City `. */
export function nextCronTime(schedule: string, after: Date): Date {
  const match = /^(?:TZ|CRON_TZ)=(\S+)\s+(.*)$/.exec(schedule.trim());
  const expression = match ? match[2]! : schedule;
  const tz = match ? match[1] : "UTC";
  return CronExpressionParser.parse(expression, { currentDate: after, tz }).next().toDate();
}
