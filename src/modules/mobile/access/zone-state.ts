/**
 * Controlled-area (zone) states. The spec names 11 = Open (and shows 12 in its example) and, in the
 * area's read body, the names `open` and `LOCKDOWN`; the rest is this service's definition. The number
 * is what `POST /api/mobile/zone_state` takes; the name is what area bodies show and the management
 * API takes.
 */
export enum ZoneState {
  /** Follows its schedules: a user is let in when one of their access groups' schedules is on now. */
  NORMAL = 10,
  /** The relay is opened: the door stays open. */
  OPEN = 11,
  /** Secured: the door stays locked, only an admin's momentary unlock opens it. */
  SECURE = 12,
  /** No access is allowed, to anyone. */
  LOCKDOWN = 13,
}

export const ZONE_STATE_NAMES: Record<ZoneState, string> = {
  [ZoneState.NORMAL]: 'normal',
  [ZoneState.OPEN]: 'open',
  [ZoneState.SECURE]: 'secure',
  [ZoneState.LOCKDOWN]: 'LOCKDOWN',
};

const BY_NAME = new Map(Object.entries(ZONE_STATE_NAMES).map(([code, name]) => [name, Number(code)]));

export const zoneStateName = (state: ZoneState): string => ZONE_STATE_NAMES[state];

/** The state a name stands for, or undefined when it names none. */
export const zoneStateByName = (name: string): ZoneState | undefined => BY_NAME.get(name);
