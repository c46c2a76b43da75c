import { DenialReason, denialReason, readsHolidays, type RightsFacts } from './access-decision';
import { FREQUENCY_HOLIDAY, FREQUENCY_WEEKLY, holidayTypeBit } from '../site-model/schedule-masks';
import { siteTime } from './schedule/schedule-evaluator';
import { ZoneState } from './zone-state';

const allDay = {
  frequency: FREQUENCY_WEEKLY,
  exceptions: 0,
  days: 0x7f,
  startMinute: 0,
  endMinute: 1440,
  onTime: null,
  offTime: null,
};
const nineToFive = { ...allDay, startMinute: 540, endMinute: 1020 };
const facts = (overrides: Partial<RightsFacts>): RightsFacts => ({
  state: ZoneState.NORMAL,
  linked: true,
  periods: [allDay],
  holidays: new Map(),
  ...overrides,
});
const inParis = (iso: string) => siteTime(new Date(iso), 'Europe/Paris');
const noon = inParis('2026-06-01T10:00:00Z'); // 12:00 in Paris

describe('access decision', () => {
  it('grants a linked user inside a schedule, in every state but lockdown', () => {
    for (const state of [ZoneState.NORMAL, ZoneState.OPEN, ZoneState.SECURE])
      expect(denialReason(facts({ state }), noon)).toBeNull();
  });

  it('says why it denies, lockdown first', () => {
    expect(denialReason(facts({ state: ZoneState.LOCKDOWN }), noon)).toBe(DenialReason.LOCKDOWN);
    expect(denialReason(facts({ state: ZoneState.LOCKDOWN, linked: false }), noon)).toBe(
      DenialReason.LOCKDOWN,
    );
    expect(denialReason(facts({ linked: false, periods: [] }), noon)).toBe(DenialReason.NO_ACCESS_GROUP);
    expect(denialReason(facts({ periods: [] }), noon)).toBe(DenialReason.OUTSIDE_SCHEDULE);
    expect(denialReason(facts({ periods: [nineToFive] }), inParis('2026-06-01T06:30:00Z'))).toBe(
      DenialReason.OUTSIDE_SCHEDULE,
    );
    // An area whose zone is unknown has no site time: no schedule is on there.
    expect(denialReason(facts({}), undefined)).toBe(DenialReason.OUTSIDE_SCHEDULE);
  });

  it('reads the holiday calendar only for holiday periods or exceptions', () => {
    expect(readsHolidays([allDay])).toBe(false);
    expect(readsHolidays([allDay, { ...allDay, exceptions: holidayTypeBit(2) }])).toBe(true);
    expect(readsHolidays([{ ...allDay, frequency: FREQUENCY_HOLIDAY | holidayTypeBit(1) }])).toBe(true);
  });
});
