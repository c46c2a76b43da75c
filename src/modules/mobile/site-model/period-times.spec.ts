import { minuteOfDay, periodTimeText, storedPeriodTime } from './period-times';

describe('schedule period times', () => {
  it('stores on/off times as local wall-clock text, whatever separator or fraction they came with', () => {
    expect(storedPeriodTime('2026-03-29 02:30:00.0')).toBe('2026-03-29 02:30:00'); // a DST gap in Paris: kept as written
    expect(storedPeriodTime('2026-12-31T23:59')).toBe('2026-12-31 23:59:00');
    expect(storedPeriodTime('2026-01-01 08:00:05.123')).toBe('2026-01-01 08:00:05');
  });

  it('reads null, absent and the spec’s 1900-01-01 as no date', () => {
    expect(storedPeriodTime(null)).toBeNull();
    expect(storedPeriodTime(undefined)).toBeNull();
    expect(storedPeriodTime('1900-01-01 00:00:00.0')).toBeNull();
    expect(periodTimeText(null)).toBe('1900-01-01 00:00:00.0');
    expect(periodTimeText('2026-01-01 08:00:00')).toBe('2026-01-01 08:00:00.0');
  });

  it('refuses what is no calendar date and time', () => {
    expect(storedPeriodTime('2026-02-30 00:00:00')).toBeUndefined();
    expect(storedPeriodTime('2026-01-01 24:30:00')).toBeUndefined();
  });

  it('counts minutes of the day, 24:00 included', () => {
    expect(minuteOfDay('00:00')).toBe(0);
    expect(minuteOfDay('08:30')).toBe(510);
    expect(minuteOfDay('24:00')).toBe(1440);
  });
});
