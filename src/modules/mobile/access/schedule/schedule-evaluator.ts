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

/** A site-local day: its ISO date and ISO weekday (Monday 1 ... Sunday 7). */
interface SiteDay {
  date: string;
  weekday: number;
}

/**
 * An instant on a site's clock and calendar, read once for all the periods a decision checks: luxon's
 * zone conversion and formatting cost far more than the comparisons made with them.
 */
export interface SiteTime {
  /** `yyyy-MM-dd HH:mm:ss`, as period on/off times are stored. */
  wallClock: string;
  /** Minutes since local midnight. */
  minute: number;
  today: SiteDay;
  /** A window opened yesterday may still run. */
  yesterday: SiteDay;
}

/** `now` in the site's IANA zone (wall-clock hours, across DST changes); undefined for an unknown zone. */
export function siteTime(now: Date, timeZone: string): SiteTime | undefined {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) return undefined;
  const yesterday = local.minus({ days: 1 });
  return {
    wallClock: local.toFormat(WALL_CLOCK),
    minute: local.hour * 60 + local.minute,
    today: { date: local.toISODate(), weekday: local.weekday },
    yesterday: { date: yesterday.toISODate(), weekday: yesterday.weekday },
  };
}

/** The site-local days a decision at `at` may depend on: today and yesterday. */
export const relevantDays = (at: SiteTime | undefined): string[] =>
  at ? [at.today.date, at.yesterday.date] : [];

/** Whether any period is active at `at`; an unknown zone (no site time) opens nothing. */
export function anyPeriodActive(
  periods: readonly SchedulePeriodRule[],
  at: SiteTime | undefined,
  holidays: HolidayCalendar,
): boolean {
  return at !== undefined && periods.some((period) => periodActive(period, at, holidays));
}

function periodActive(period: SchedulePeriodRule, at: SiteTime, holidays: HolidayCalendar): boolean {
  if (period.onTime !== null && at.wallClock < period.onTime) return false;
  if (period.offTime !== null && at.wallClock >= period.offTime) return false;
  const start = period.startMinute;
  const length = period.endMinute > start ? period.endMinute - start : period.endMinute + DAY_MINUTES - start;
  // The window that opened today, or the one that opened yesterday and runs past midnight.
  return [
    { day: at.today, elapsed: at.minute - start },
    { day: at.yesterday, elapsed: at.minute + DAY_MINUTES - start },
  ].some(
    ({ day, elapsed }) =>
      elapsed >= 0 && elapsed < length && dayActive(period, day.weekday, holidays.get(day.date) ?? 0),
  );
}

/** Weekly: the weekday's bit is set and no holiday of an excepted type falls on it. Holiday: a holiday of a listed type. */
function dayActive(period: SchedulePeriodRule, weekday: number, holidayTypes: number): boolean {
  if (period.frequency === FREQUENCY_WEEKLY)
    return (period.days & dayBit(weekday)) !== 0 && (holidayTypes & period.exceptions) === 0;
  if ((period.frequency & 0xff) === FREQUENCY_HOLIDAY)
    return (holidayTypes & period.frequency & HOLIDAY_TYPE_BITS) !== 0;
  return false;
}
