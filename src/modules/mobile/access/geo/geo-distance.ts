/** Mean Earth radius (IUGG), metres: the haversine's sphere. */
export const EARTH_RADIUS_METERS = 6_371_008.8;

/**
 * The units a controlled area's GPS `radius` may be given in (`unitType`; the Primis text names the field
 * only). Several spellings of each are accepted, case-insensitively; distances are answered in the
 * area's own unit.
 */
const METERS_PER_UNIT: ReadonlyMap<string, number> = new Map([
  ...['m', 'meter', 'meters', 'metre', 'metres'].map((name) => [name, 1] as const),
  ...['km', 'kilometer', 'kilometers', 'kilometre', 'kilometres'].map((name) => [name, 1000] as const),
  ...['ft', 'foot', 'feet'].map((name) => [name, 0.3048] as const),
  ...['yd', 'yard', 'yards'].map((name) => [name, 0.9144] as const),
  ...['mi', 'mile', 'miles'].map((name) => [name, 1609.344] as const),
]);

/** Metres in one `unitType`; undefined for an unknown unit. */
export const metersPerUnit = (unitType: string): number | undefined =>
  METERS_PER_UNIT.get(unitType.trim().toLowerCase());

export const UNIT_TYPES = [...METERS_PER_UNIT.keys()];

export interface LatLng {
  latitude: number;
  longitude: number;
}

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMeters(a: LatLng, b: LatLng): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLng = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface BoundingBox {
  minLatitude: number;
  maxLatitude: number;
  /** When the box crosses the antimeridian, minLongitude > maxLongitude: longitudes outside (max, min) match. */
  minLongitude: number;
  maxLongitude: number;
}

/**
 * A latitude/longitude box holding every point within `meters` of `center`: the indexed pre-filter
 * before the exact distance. Near a pole the box takes every longitude.
 */
export function boundingBox(center: LatLng, meters: number): BoundingBox {
  const dLat = (meters / EARTH_RADIUS_METERS) * (180 / Math.PI);
  const minLatitude = Math.max(-90, center.latitude - dLat);
  const maxLatitude = Math.min(90, center.latitude + dLat);
  // Widest at the box's latitude farthest from the equator; at or past 1 the circle holds a pole.
  const ratio =
    Math.sin(meters / EARTH_RADIUS_METERS) /
    Math.cos(radians(Math.max(Math.abs(minLatitude), Math.abs(maxLatitude))));
  if (!(ratio < 1) || maxLatitude >= 90 || minLatitude <= -90)
    return { minLatitude, maxLatitude, minLongitude: -180, maxLongitude: 180 };
  const dLng = Math.asin(ratio) * (180 / Math.PI);
  return {
    minLatitude,
    maxLatitude,
    minLongitude: wrapLongitude(center.longitude - dLng),
    maxLongitude: wrapLongitude(center.longitude + dLng),
  };
}

const wrapLongitude = (longitude: number): number =>
  longitude < -180 ? longitude + 360 : longitude > 180 ? longitude - 360 : longitude;
