import { DateTime } from 'luxon';
import {
  dayBit,
  FREQUENCY_HOLIDAY,
  FREQUENCY_WEEKLY,
  HOLIDAY_TYPE_BITS,
} from '../../site-model/schedule-masks';
import type { SchedulePeriodRule } from './schedule-period';

const DAY_MINUTES = 1440;
const WALL_CLOCK = 'yyyy-MM-dd HH:mm:ss';

/** A site's holidays: `YYYY-MM-DD` -> the OR of the holiday type bits in force that day. */
export type HolidayCalendar = ReadonlyMap<string, number>;

/** The site-local days a decision at `now` may depend on (a window opened yesterday may still run). */
export function relevantDays(now: Date, timeZone: string): string[] {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) return [];
  return [local.toISODate(), local.minus({ days: 1 }).toISODate()];
}

/** Whether any period is active at `now` in the site's IANA zone (wall-clock hours, across DST changes). */
export function anyPeriodActive(
  periods: readonly SchedulePeriodRule[],
  now: Date,
  timeZone: string,
  holidays: HolidayCalendar,
): boolean {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) return false; // an unknown zone opens nothing
  return periods.some((period) => periodActive(period, local, holidays));
}

function periodActive(period: SchedulePeriodRule, local: DateTime, holidays: HolidayCalendar): boolean {
  const wallClock = local.toFormat(WALL_CLOCK);
  if (period.onTime !== null && wallClock < period.onTime) return false;
  if (period.offTime !== null && wallClock >= period.offTime) return false;
  const start = period.startMinute;
  const length = period.endMinute > start ? period.endMinute - start : period.endMinute + DAY_MINUTES - start;
  const minute = local.hour * 60 + local.minute;
  // The window that opened today, or the one that opened yesterday and runs past midnight.
  return [
    { day: local, elapsed: minute - start },
    { day: local.minus({ days: 1 }), elapsed: minute + DAY_MINUTES - start },
  ].some(
    ({ day, elapsed }) =>
      elapsed >= 0 &&
      elapsed < length &&
      dayActive(period, day, holidays.get(day.toISODate() as string) ?? 0),
  );
}

/** Weekly: the weekday's bit is set and no holiday of an excepted type falls on it. Holiday: a holiday of a listed type. */
function dayActive(period: SchedulePeriodRule, day: DateTime, holidayTypes: number): boolean {
  if (period.frequency === FREQUENCY_WEEKLY)
    return (period.days & dayBit(day.weekday)) !== 0 && (holidayTypes & period.exceptions) === 0;
  if ((period.frequency & 0xff) === FREQUENCY_HOLIDAY)
    return (holidayTypes & period.frequency & HOLIDAY_TYPE_BITS) !== 0;
  return false;
}
