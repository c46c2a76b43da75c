import { anyPeriodActive, type HolidayCalendar, type SiteTime } from './schedule/schedule-evaluator';
import { FREQUENCY_HOLIDAY } from '../site-model/schedule-masks';
import type { SchedulePeriodRule } from './schedule/schedule-period';
import { ZoneState } from './zone-state';

/** Why a request was denied: the audit's `reason`, and the wire's `info` (DENIAL_INFO). */
export enum DenialReason {
  /** GPS: no geolocation-enabled area has the phone within its radius. */
  NO_AREA_NEARBY = 'no_area_nearby',
  /** Beacon: no beacon with that uuid/major/minor, or no area uses it. */
  UNKNOWN_BEACON = 'unknown_beacon',
  /** The area does not take geolocation requests (`geoLocation.enabled` false). */
  GEOLOCATION_DISABLED = 'geolocation_disabled',
  /** The area is in lockdown: nobody is let in. */
  LOCKDOWN = 'lockdown',
  /** None of the user's access groups holds the area. */
  NO_ACCESS_GROUP = 'no_access_group',
  /** A group holds the area, but none of its schedules is active now in the site's zone. */
  OUTSIDE_SCHEDULE = 'outside_schedule',
}

/** `info` of a denied answer; the first is the Primis text's own. */
export const DENIAL_INFO: Readonly<Record<DenialReason, string>> = {
  [DenialReason.NO_AREA_NEARBY]: 'Unable to find controlled areas nearby',
  [DenialReason.UNKNOWN_BEACON]: 'Unable to find a controlled area for this beacon',
  [DenialReason.GEOLOCATION_DISABLED]: 'The controlled area does not accept geolocation access',
  [DenialReason.LOCKDOWN]: 'The controlled area is in lockdown',
  [DenialReason.NO_ACCESS_GROUP]: 'No access group of the user includes the controlled area',
  [DenialReason.OUTSIDE_SCHEDULE]: 'No schedule of the user allows access at this time',
};

export interface UserRights {
  /** At least one of the user's access groups holds the area. */
  linked: boolean;
  /** The periods of every schedule of those groups. */
  periods: SchedulePeriodRule[];
}

export interface RightsFacts extends UserRights {
  state: ZoneState;
  holidays: HolidayCalendar;
}

/**
 * Whether a user may enter an area at `at` (the area's site time; undefined for an unknown zone), or why not. A momentary unlock or an open area does not
 * stand in for rights: every grant names a user who may enter. A lockdown denies everyone.
 */
export function denialReason(facts: RightsFacts, at: SiteTime | undefined): DenialReason | null {
  if (facts.state === ZoneState.LOCKDOWN) return DenialReason.LOCKDOWN;
  if (!facts.linked) return DenialReason.NO_ACCESS_GROUP;
  if (!anyPeriodActive(facts.periods, at, facts.holidays)) return DenialReason.OUTSIDE_SCHEDULE;
  return null;
}

/** Whether the periods depend on the site's holiday calendar (else it need not be read). */
export const readsHolidays = (periods: readonly SchedulePeriodRule[]): boolean =>
  periods.some((period) => (period.frequency & 0xff) === FREQUENCY_HOLIDAY || period.exceptions !== 0);
