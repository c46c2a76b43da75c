import { FREQUENCY_WEEKLY } from '../site-model/schedule-masks';
import { ScheduleAction, scheduledState } from './schedule-action';
import { siteTime } from './schedule/schedule-evaluator';
import { ZoneState } from './zone-state';

const officeHours = {
  frequency: FREQUENCY_WEEKLY,
  exceptions: 0,
  days: 0x7f,
  startMinute: 480,
  endMinute: 1020,
  onTime: null,
  offTime: null,
};
const link = (onAction: number, offAction: number) => ({ onAction, offAction, periods: [officeHours] });
const noon = siteTime(new Date('2026-03-02T12:00:00Z'), 'UTC');
const night = siteTime(new Date('2026-03-02T22:00:00Z'), 'UTC');
const none = new Map<string, number>();

describe('scheduled state', () => {
  it('takes the on action while the schedule is on, the off action otherwise', () => {
    const links = [link(ScheduleAction.OPEN, ScheduleAction.SECURE)];
    expect(scheduledState(links, noon, none)).toBe(ZoneState.OPEN);
    expect(scheduledState(links, night, none)).toBe(ZoneState.SECURE);
    expect(scheduledState([link(ScheduleAction.NONE, ScheduleAction.NONE)], noon, none)).toBe(
      ZoneState.NORMAL,
    );
  });

  it('is normal without schedules; the first link that is on wins, else the first link is off', () => {
    expect(scheduledState([], noon, none)).toBe(ZoneState.NORMAL);
    const never = { onAction: ScheduleAction.OPEN, offAction: ScheduleAction.NONE, periods: [] };
    expect(scheduledState([never, link(ScheduleAction.SECURE, ScheduleAction.OPEN)], noon, none)).toBe(
      ZoneState.SECURE,
    );
    expect(scheduledState([never, link(ScheduleAction.SECURE, ScheduleAction.OPEN)], night, none)).toBe(
      ZoneState.NORMAL,
    );
  });
});
