import { DateTime } from 'luxon';
import { dayBit, holidayTypeBit, periodMaskError } from './schedule-masks';

describe('schedule period masks', () => {
  it('numbers holiday types 1..12 as bits 0x00100..0x80000', () => {
    expect(holidayTypeBit(1)).toBe(0x100);
    expect(holidayTypeBit(12)).toBe(0x80000);
  });

  it('numbers days from Sunday 0x01 to Saturday 0x40', () => {
    expect(dayBit(DateTime.fromISO('2026-03-01').weekday)).toBe(0x01); // a Sunday
    expect(dayBit(DateTime.fromISO('2026-03-02').weekday)).toBe(0x02);
    expect(dayBit(DateTime.fromISO('2026-03-07').weekday)).toBe(0x40);
  });

  it('accepts weekly with days, and holiday with type bits', () => {
    expect(periodMaskError(2, 0, 0x3e)).toBeNull();
    expect(periodMaskError(2, 0x300, 0x7f)).toBeNull();
    expect(periodMaskError(0x40 | 0x100 | 0x80000, 0, 0)).toBeNull();
  });

  it('refuses what the spec does not define', () => {
    expect(periodMaskError(2, 0, 0)).toMatch(/at least one day/);
    expect(periodMaskError(2, 0x1, 1)).toMatch(/exceptions/);
    expect(periodMaskError(2, 0, 0x80)).toMatch(/days/);
    expect(periodMaskError(0x40, 0, 0)).toMatch(/frequency/);
    expect(periodMaskError(0x40 | 0x100000, 0, 0)).toMatch(/frequency/);
    expect(periodMaskError(3, 0, 1)).toMatch(/frequency/);
  });
});
