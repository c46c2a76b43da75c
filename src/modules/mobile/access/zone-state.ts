/**
 * The states of a controlled area. The Primis text names `11 – Open` and sets `12` in its example, and
 * shows `open` and `LOCKDOWN` as the area's `state` string; the rest is this service's definition
 * (README, "Zone states"). The number is what `POST /api/mobile/zone_state` takes; the name is what a
 * controlled area's `state` reads.
 */
export enum ZoneState {
  /** Access follows the access groups and their schedules; the door is locked between grants. */
  NORMAL = 10,
  /** The relay is held open: the door is unlocked for everyone until the state changes. */
  OPEN = 11,
  /** Closed and secured: the door stays locked; granted users may still open it. */
  SECURE = 12,
  /** No access is allowed: every request is denied, a momentary unlock included. */
  LOCKDOWN = 13,
}

export const ZONE_STATE_NAMES: Readonly<Record<ZoneState, string>> = {
  [ZoneState.NORMAL]: 'normal',
  [ZoneState.OPEN]: 'open',
  [ZoneState.SECURE]: 'secure',
  [ZoneState.LOCKDOWN]: 'LOCKDOWN',
};

export const zoneStateName = (state: ZoneState): string => ZONE_STATE_NAMES[state];

/** `unlocked`: a momentary unlock is running (`unlocked_until` in the future); not a state one can set. */
export const MOMENTARILY_UNLOCKED = 'unlocked';

export const ZONE_STATE_CODES = Object.values(ZoneState).filter(
  (value): value is ZoneState => typeof value === 'number',
);

const BY_NAME = new Map<string, ZoneState>(
  ZONE_STATE_CODES.map((code) => [ZONE_STATE_NAMES[code].toLowerCase(), code]),
);

export const isZoneStateCode = (value: unknown): value is ZoneState =>
  typeof value === 'number' && ZONE_STATE_CODES.includes(value);

/** A stored or given state name (case-insensitive: Primis writes `open` and `LOCKDOWN`); undefined if unknown. */
export const zoneStateByName = (name: string): ZoneState | undefined => BY_NAME.get(name.toLowerCase());

export interface AreaStateFacts {
  state: ZoneState;
  /** End of a momentary unlock; null or past when none runs. */
  unlockedUntil: Date | null;
  /** What the area's controlled-area schedules make of the normal state now (NORMAL when none applies). */
  scheduled?: ZoneState;
}

export interface EffectiveState {
  /** The state in force: the stored one, or the scheduled one while the stored one is normal. */
  state: ZoneState;
  /** The name a reader acts on: the state's, or `unlocked` while a momentary unlock runs. */
  name: string;
  /** The door is open to anyone right now (held open, or momentarily unlocked). */
  open: boolean;
  /** When a momentary unlock ends; null when none runs. */
  unlockedUntil: Date | null;
}

/**
 * The state of an area at `now`. A momentary unlock is only a timestamp: once it is past, the area is
 * back in its state by itself, whatever instance answers and however often it restarted. A lockdown is
 * never overridden by a momentary unlock; schedules drive only an area in the normal state.
 */
export function effectiveState(facts: AreaStateFacts, now: Date): EffectiveState {
  const state = facts.state === ZoneState.NORMAL ? (facts.scheduled ?? ZoneState.NORMAL) : facts.state;
  const unlocking =
    state !== ZoneState.LOCKDOWN &&
    facts.unlockedUntil !== null &&
    facts.unlockedUntil.getTime() > now.getTime();
  return {
    state,
    name: unlocking ? MOMENTARILY_UNLOCKED : ZONE_STATE_NAMES[state],
    open: unlocking || state === ZoneState.OPEN,
    unlockedUntil: unlocking ? facts.unlockedUntil : null,
  };
}
