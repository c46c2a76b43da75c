import { anyPeriodActive, type HolidayCalendar, type SiteTime } from './schedule/schedule-evaluator';
import type { SchedulePeriodRule } from './schedule/schedule-period';
import { ZoneState } from './zone-state';

/**
 * What a controlled-area schedule does to an area in the normal state while the schedule is on
 * (`on_action`) or off (`off_action`). The Primis text names `1 – Open` and stops; the rest is this
 * service's definition (README, "Zone states").
 */
export enum ScheduleAction {
  /** Nothing: the area stays normal. */
  NONE = 0,
  /** The relay opens: the area is open to everyone. */
  OPEN = 1,
  /** The area is secured: locked, granted users only. */
  SECURE = 2,
}

export const SCHEDULE_ACTIONS = [ScheduleAction.NONE, ScheduleAction.OPEN, ScheduleAction.SECURE];

const STATE_OF: Record<ScheduleAction, ZoneState> = {
  [ScheduleAction.NONE]: ZoneState.NORMAL,
  [ScheduleAction.OPEN]: ZoneState.OPEN,
  [ScheduleAction.SECURE]: ZoneState.SECURE,
};

export const stateForAction = (action: number): ZoneState =>
  STATE_OF[action as ScheduleAction] ?? ZoneState.NORMAL;

/** A controlled-area schedule as the effective state reads it: its actions and its schedule's periods. */
export interface ScheduleLink {
  onAction: number;
  offAction: number;
  periods: SchedulePeriodRule[];
}

/**
 * What an area's schedules make of its normal state at `at` (its site time): the `on_action` of the first (oldest)
 * link whose schedule is on, else the first link's `off_action`; NORMAL when it has none.
 */
export function scheduledState(
  links: readonly ScheduleLink[],
  at: SiteTime | undefined,
  holidays: HolidayCalendar,
): ZoneState {
  if (links.length === 0) return ZoneState.NORMAL;
  const on = links.find((link) => anyPeriodActive(link.periods, at, holidays));
  return stateForAction(on ? on.onAction : links[0].offAction);
}
