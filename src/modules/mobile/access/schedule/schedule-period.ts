/**
 * A schedule period as the decision reads it. Primis keeps `on_time` / `off_time` as
 * `YYYY-MM-DD HH:mm:ss.S` wall times in the site's zone. This service reads them (README, "Schedules"):
 * the date parts bound the days the period is effective (inclusive; `1900-01-01` = no bound), the time
 * parts open and close the daily window (`on` >= `off` spans midnight; equal times: a full day).
 */
export interface SchedulePeriodRule {
  frequency: number;
  exceptions: number;
  days: number;
  onTime: string | null;
  offTime: string | null;
}

/** The Primis "no date" value, answered when a period has no start or expiry date. */
export const NO_DATE = '1900-01-01';
export const NO_DATE_TIME = '1900-01-01 00:00:00.0';

const WALL_TIME = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?$/;

export interface WallTime {
  /** `YYYY-MM-DD`, or null for Primis' `1900-01-01`. */
  date: string | null;
  /** Seconds since midnight. */
  second: number;
}

/** Parses `YYYY-MM-DD[ HH:mm[:ss[.S]]]` (or `T` between); null when the text is not one. */
export function parseWallTime(text: string | null): WallTime | null {
  if (text === null || text === '') return { date: null, second: 0 };
  const match = WALL_TIME.exec(text.trim());
  if (!match) return null;
  const [, date, hours = '0', minutes = '0', seconds = '0'] = match;
  const [h, m, s] = [Number(hours), Number(minutes), Number(seconds)];
  if (h > 23 || m > 59 || s > 59) return null;
  return { date: date === NO_DATE ? null : date, second: h * 3600 + m * 60 + s };
}
