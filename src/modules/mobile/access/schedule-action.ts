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
