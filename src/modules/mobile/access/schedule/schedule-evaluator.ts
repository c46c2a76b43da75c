import { DateTime } from 'luxon';
import { dayBit, FREQUENCY_KIND_MASK, HOLIDAY, HOLIDAY_TYPES_MASK, WEEKLY } from './schedule-masks';
import { parseWallTime, type SchedulePeriodRule } from './schedule-period';

const DAY = 86_400;

/** A site's holidays: `YYYY-MM-DD` -> the OR of its holiday type bits (schedule-masks `holidayTypeBit`). */
export type HolidayCalendar = ReadonlyMap<string, number>;

/** The site-local days a decision at `now` may depend on (a window opened yesterday may still run). */
export function relevantDays(now: Date, timeZone: string): string[] {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) return [];
  return [local.toISODate(), local.minus({ days: 1 }).toISODate()];
}

/** Whether any period is active at `now` in the site's IANA zone. */
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
  const on = parseWallTime(period.onTime);
  const off = parseWallTime(period.offTime);
  if (!on || !off) return false;
  const length = off.second > on.second ? off.second - on.second : off.second + DAY - on.second;
  const second = local.hour * 3600 + local.minute * 60 + local.second;
  // The window that opened today, or the one that opened yesterday and runs past midnight.
  const openedAt = [
    { day: local, elapsed: second - on.second },
    { day: local.minus({ days: 1 }), elapsed: second + DAY - on.second },
  ];
  return openedAt.some(
    ({ day, elapsed }) =>
      elapsed >= 0 &&
      elapsed < length &&
      withinDates(day.toISODate() as string, on.date, off.date) &&
      dayActive(period, day, holidays.get(day.toISODate() as string) ?? 0),
  );
}

const withinDates = (day: string, first: string | null, last: string | null): boolean =>
  (first === null || day >= first) && (last === null || day <= last);

/** Weekly: the weekday's bit is set and no holiday of an excepted type falls on it. Holiday: a holiday of a listed type. */
function dayActive(period: SchedulePeriodRule, day: DateTime, holidayTypes: number): boolean {
  switch (period.frequency & FREQUENCY_KIND_MASK) {
    case WEEKLY:
      return (
        (period.days & dayBit(day.weekday)) !== 0 &&
        (holidayTypes & period.exceptions & HOLIDAY_TYPES_MASK) === 0
      );
    case HOLIDAY:
      return (holidayTypes & period.frequency & HOLIDAY_TYPES_MASK) !== 0;
    default:
      return false;
  }
}
