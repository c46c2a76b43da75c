import { FREQUENCY_HOLIDAY, FREQUENCY_WEEKLY, holidayTypeBit } from '../../site-model/schedule-masks';
import { anyPeriodActive, relevantDays, siteTime } from './schedule-evaluator';
import type { SchedulePeriodRule } from './schedule-period';

const NONE = new Map<string, number>();
const MON_TO_FRI = 0x3e; // Monday 0x02 ... Friday 0x20
const EVERY_DAY = 0x7f;
const at = (hours: number, minutes = 0) => hours * 60 + minutes;

const period = (overrides: Partial<SchedulePeriodRule>): SchedulePeriodRule => ({
  frequency: FREQUENCY_WEEKLY,
  exceptions: 0,
  days: EVERY_DAY,
  startMinute: at(8),
  endMinute: at(17),
  onTime: null,
  offTime: null,
  ...overrides,
});

const inUtc = (iso: string) => siteTime(new Date(iso), 'UTC');
const activeAt = (rule: SchedulePeriodRule, iso: string, zone = 'UTC', holidays = NONE) =>
  anyPeriodActive([rule], siteTime(new Date(iso), zone), holidays);

describe('schedule evaluation', () => {
  it('opens the daily window on the days of the mask, the start included, the end not', () => {
    const officeHours = period({ days: MON_TO_FRI });
    expect(activeAt(officeHours, '2026-03-02T07:59:59Z')).toBe(false); // Monday
    expect(activeAt(officeHours, '2026-03-02T08:00:00Z')).toBe(true);
    expect(activeAt(officeHours, '2026-03-02T16:59:59Z')).toBe(true);
    expect(activeAt(officeHours, '2026-03-02T17:00:00Z')).toBe(false);
    expect(activeAt(officeHours, '2026-03-06T12:00:00Z')).toBe(true); // Friday
    expect(activeAt(officeHours, '2026-03-07T12:00:00Z')).toBe(false); // Saturday
    expect(activeAt(period({ days: 0x01 }), '2026-03-08T12:00:00Z')).toBe(true); // Sunday is bit 0
  });

  it('evaluates in the site zone, whose midnight is not UTC midnight', () => {
    const mondays = period({ days: 0x02, startMinute: 0, endMinute: 1440 });
    // 2026-03-01T23:30Z is Monday 12:30 in Auckland (UTC+13) and still Sunday in UTC.
    expect(activeAt(mondays, '2026-03-01T23:30:00Z', 'Pacific/Auckland')).toBe(true);
    expect(activeAt(mondays, '2026-03-01T23:30:00Z', 'UTC')).toBe(false);
    // Monday ends at local midnight: 2026-03-02T11:00Z is Tuesday 00:00 in Auckland.
    expect(activeAt(mondays, '2026-03-02T10:59:59Z', 'Pacific/Auckland')).toBe(true);
    expect(activeAt(mondays, '2026-03-02T11:00:00Z', 'Pacific/Auckland')).toBe(false);
  });

  it('runs a window spanning midnight into the next day, counting the day it opened', () => {
    const fridayNights = period({ days: 0x20, startMinute: at(22), endMinute: at(6) });
    expect(activeAt(fridayNights, '2026-03-06T21:59:59Z')).toBe(false);
    expect(activeAt(fridayNights, '2026-03-06T22:00:00Z')).toBe(true); // Friday night
    expect(activeAt(fridayNights, '2026-03-07T05:59:59Z')).toBe(true); // Saturday morning, opened Friday
    expect(activeAt(fridayNights, '2026-03-07T06:00:00Z')).toBe(false);
    expect(activeAt(fridayNights, '2026-03-07T22:30:00Z')).toBe(false); // Saturday night: not a Friday
    expect(activeAt(fridayNights, '2026-03-06T03:00:00Z')).toBe(false); // Friday morning: opened Thursday
    expect(relevantDays(inUtc('2026-03-07T03:00:00Z'))).toEqual(['2026-03-07', '2026-03-06']);
    // Equal start and end: 24 hours from the start.
    const dayFromNoon = period({ days: 0x02, startMinute: at(12), endMinute: at(12) });
    expect(activeAt(dayFromNoon, '2026-03-03T11:59:00Z')).toBe(true); // Tuesday morning, opened Monday
    expect(activeAt(dayFromNoon, '2026-03-03T12:00:00Z')).toBe(false);
  });

  it('keeps wall-clock hours across a DST change', () => {
    const officeHours = period({});
    // New York: 08:30 local is 13:30Z in winter (EST) and 12:30Z after 2026-03-08 (EDT).
    expect(activeAt(officeHours, '2026-03-06T12:30:00Z', 'America/New_York')).toBe(false); // 07:30 EST
    expect(activeAt(officeHours, '2026-03-09T12:30:00Z', 'America/New_York')).toBe(true); // 08:30 EDT
    expect(activeAt(officeHours, '2026-03-09T21:30:00Z', 'America/New_York')).toBe(false); // 17:30 EDT
    // A window opening in the skipped hour (02:00-03:00 does not exist on 2026-03-08) opens at 03:00.
    const early = period({ startMinute: at(2, 30), endMinute: at(4) });
    expect(activeAt(early, '2026-03-08T06:59:59Z', 'America/New_York')).toBe(false); // 01:59:59 EST
    expect(activeAt(early, '2026-03-08T07:00:00Z', 'America/New_York')).toBe(true); // 03:00 EDT
    // The repeated hour (01:00-02:00 twice on 2026-11-01) is inside a 01:00-01:30 window both times.
    const repeated = period({ startMinute: at(1), endMinute: at(1, 30) });
    expect(activeAt(repeated, '2026-11-01T05:15:00Z', 'America/New_York')).toBe(true); // 01:15 EDT
    expect(activeAt(repeated, '2026-11-01T06:15:00Z', 'America/New_York')).toBe(true); // 01:15 EST
  });

  it('is in effect from on_time to off_time on the site wall clock, unbounded when null', () => {
    const march = period({ onTime: '2026-03-02 12:00:00', offTime: '2026-03-04 09:00:00' });
    expect(activeAt(march, '2026-03-01T12:00:00Z')).toBe(false);
    expect(activeAt(march, '2026-03-02T11:59:59Z')).toBe(false);
    expect(activeAt(march, '2026-03-02T12:00:00Z')).toBe(true);
    expect(activeAt(march, '2026-03-04T08:59:59Z')).toBe(true);
    expect(activeAt(march, '2026-03-04T09:00:00Z')).toBe(false);
    // Wall clock of the site: 12:00 in Paris is 11:00Z in March.
    expect(activeAt(march, '2026-03-02T11:00:00Z', 'Europe/Paris')).toBe(true);
    expect(activeAt(period({ onTime: '2026-03-02 00:00:00' }), '2030-01-01T12:00:00Z')).toBe(true);
  });

  it('closes a weekly period on a holiday of an excepted type only', () => {
    const christmas = new Map([['2026-12-25', holidayTypeBit(1)]]);
    const excepted = period({ exceptions: holidayTypeBit(1) });
    const otherException = period({ exceptions: holidayTypeBit(2) });
    expect(activeAt(excepted, '2026-12-25T12:00:00Z', 'UTC', christmas)).toBe(false);
    expect(activeAt(excepted, '2026-12-24T12:00:00Z', 'UTC', christmas)).toBe(true);
    expect(activeAt(otherException, '2026-12-25T12:00:00Z', 'UTC', christmas)).toBe(true);
    // A night window opened on Christmas Eve runs into Christmas morning: its opening day decides.
    const nights = period({ exceptions: holidayTypeBit(1), startMinute: at(22), endMinute: at(6) });
    expect(activeAt(nights, '2026-12-25T03:00:00Z', 'UTC', christmas)).toBe(true);
    expect(activeAt(nights, '2026-12-25T23:00:00Z', 'UTC', christmas)).toBe(false);
  });

  it('opens a holiday period on holidays of its types, whatever the weekday', () => {
    const holidayShift = period({
      frequency: FREQUENCY_HOLIDAY | holidayTypeBit(3) | holidayTypeBit(12),
      days: 0,
    });
    const calendar = new Map([
      ['2026-05-01', holidayTypeBit(3)],
      ['2026-07-01', holidayTypeBit(12)],
      ['2026-08-01', holidayTypeBit(2)],
    ]);
    expect(activeAt(holidayShift, '2026-05-01T12:00:00Z', 'UTC', calendar)).toBe(true);
    expect(activeAt(holidayShift, '2026-07-01T12:00:00Z', 'UTC', calendar)).toBe(true);
    expect(activeAt(holidayShift, '2026-08-01T12:00:00Z', 'UTC', calendar)).toBe(false);
    expect(activeAt(holidayShift, '2026-05-02T12:00:00Z', 'UTC', calendar)).toBe(false);
  });

  it('opens nothing for an unknown frequency or an unknown zone', () => {
    expect(activeAt(period({ frequency: 0x01 }), '2026-03-02T12:00:00Z')).toBe(false);
    expect(activeAt(period({}), '2026-03-02T12:00:00Z', 'Mars/Olympus')).toBe(false);
    expect(siteTime(new Date(), 'Mars/Olympus')).toBeUndefined();
    expect(relevantDays(undefined)).toEqual([]);
  });

  it('is active when any period is', () => {
    const periods = [period({ days: 0x02 }), period({ days: 0x04, startMinute: 0, endMinute: 0 })];
    expect(anyPeriodActive(periods, inUtc('2026-03-03T23:59:59Z'), NONE)).toBe(true); // Tuesday
    expect(anyPeriodActive(periods, inUtc('2026-03-02T18:00:00Z'), NONE)).toBe(false);
    expect(anyPeriodActive([], inUtc('2026-03-02T12:00:00Z'), NONE)).toBe(false);
  });
});
