/** The units of a controlled area's GPS radius (the spec names the field, not its values). */
export enum GpsUnit {
  METERS = 'meters',
  KILOMETERS = 'kilometers',
  FEET = 'feet',
  MILES = 'miles',
}

/**
 * The largest radius an area may have, in meters. Access by GPS looks for areas in a bounding box this
 * far around the phone (on the GPS index): an area with a larger radius could cover a phone the box
 * misses, so the management API refuses one.
 */
export const MAX_GPS_RADIUS_METERS = 5_000;

export const METERS_PER: Readonly<Record<GpsUnit, number>> = {
  [GpsUnit.METERS]: 1,
  [GpsUnit.KILOMETERS]: 1000,
  [GpsUnit.FEET]: 0.3048,
  [GpsUnit.MILES]: 1609.344,
};

/** `value` in `unit`, in meters. */
export const toMeters = (value: number, unit: GpsUnit): number => value * METERS_PER[unit];

/** `meters` in `unit`. */
export const fromMeters = (meters: number, unit: GpsUnit): number => meters / METERS_PER[unit];
