import { DateTime } from 'luxon';

/** What the spec writes for a period without a start or expiry date. */
export const NO_DATE = '1900-01-01 00:00:00.0';

/** `HH:mm` as minutes after midnight (24:00 = 1440). */
export const minuteOfDay = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * A period's on/off time as stored: local wall-clock `YYYY-MM-DD HH:mm:ss`, or null for none (absent,
 * null, or the spec's 1900-01-01). Undefined when it is no calendar date and time.
 */
export function storedPeriodTime(text: string | null | undefined): string | null | undefined {
  if (text === null || text === undefined) return null;
  const parsed = DateTime.fromISO(text.replace(' ', 'T').replace(/\.\d+$/, ''), { zone: 'utc' });
  if (!parsed.isValid) return undefined;
  const stored = parsed.toFormat('yyyy-LL-dd HH:mm:ss');
  return stored.startsWith('1900-01-01 ') ? null : stored;
}

/** A stored on/off time as the spec writes it: `2026-01-01 08:00:00.0`, or NO_DATE. */
export const periodTimeText = (stored: string | null): string => (stored === null ? NO_DATE : `${stored}.0`);
