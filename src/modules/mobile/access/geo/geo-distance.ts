/** Mean Earth radius (IUGG), metres: the haversine's sphere. */
export const EARTH_RADIUS_METERS = 6_371_008.8;

export interface LatLng {
  latitude: number;
  longitude: number;
}

export const radians = (degrees: number): number => (degrees * Math.PI) / 180;

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
