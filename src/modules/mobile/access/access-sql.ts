import { METERS_PER } from '../site-model/gps-unit';
import { type BoundingBox, EARTH_RADIUS_METERS, type LatLng, radians } from './geo/geo-distance';

/**
 * The statements of an access decision, in one place: the repositories run them, and bench/access's
 * raw Fastify + mysql2 server runs the very same text (its floor to compare with).
 */
const AREA_COLUMNS = `a.id, a.name, a.site_id, s.time_zone, a.state, a.unlocked_until, a.toggle, a.geo_enabled,
  a.gps_latitude, a.gps_longitude, a.gps_radius, a.gps_unit_type`;
const WITH_SITE = 'JOIN mobile_sites s ON s.tenant_id = a.tenant_id AND s.id = a.site_id';

const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/** An area's radius in meters (no radius: 0, a point), from the site model's own unit table. */
const RADIUS_METERS = `COALESCE(a.gps_radius * CASE a.gps_unit_type ${Object.entries(METERS_PER)
  .map(([unit, meters]) => `WHEN '${unit}' THEN ${meters}`)
  .join(' ')} END, 0)`;
/** Meters in a degree of latitude, on the haversine's sphere. */
const METERS_PER_DEGREE = EARTH_RADIUS_METERS * radians(1);

export const ACCESS_SQL = {
  /** (tenant, id) */
  areaById: `SELECT ${AREA_COLUMNS} FROM mobile_controlled_areas a ${WITH_SITE} WHERE a.tenant_id = ? AND a.id = ?`,

  /** (tenant, uuid, major, minor): one hit on ux_mobile_beacons_identity, then the area's unique beacon index. */
  areaByBeacon: `SELECT ${AREA_COLUMNS} FROM mobile_beacons b
    JOIN mobile_controlled_areas a ON a.tenant_id = b.tenant_id AND a.beacon_unique_id = b.unique_id
    ${WITH_SITE}
    WHERE b.tenant_id = ? AND b.uuid = ? AND b.major = ? AND b.minor = ?`,

  /**
   * A range on ix_mobile_areas_gps (areasInBoxParams), nearest edge first: the flat-earth distance to the
   * centre less the radius, so every area that covers the phone (below 0) comes before any that does not,
   * however many small areas have nearer centres. Across the antimeridian the longitudes outside (max, min).
   */
  areasInBox: (
    wraps: boolean,
    limit: number,
  ) => `SELECT ${AREA_COLUMNS} FROM mobile_controlled_areas a ${WITH_SITE}
    WHERE a.tenant_id = ? AND a.gps_latitude BETWEEN ? AND ?
      AND ${wraps ? '(a.gps_longitude >= ? OR a.gps_longitude <= ?)' : 'a.gps_longitude BETWEEN ? AND ?'}
      AND a.geo_enabled = 1
    ORDER BY SQRT((a.gps_latitude - ?) * (a.gps_latitude - ?) * ? + (a.gps_longitude - ?) * (a.gps_longitude - ?) * ?)
      - ${RADIUS_METERS}
    LIMIT ${Math.trunc(limit)}`,

  /** (tenant, user, ...areaIds): the user's groups holding those areas, with their schedules' periods. */
  rightsOf: (areas: number) => `SELECT ga.controlled_area_id AS area_id, p.frequency, p.exceptions, p.days,
      p.start_minute, p.end_minute, p.on_time, p.off_time
    FROM mobile_user_access_groups m
    JOIN mobile_access_group_areas ga ON ga.tenant_id = m.tenant_id AND ga.access_group_id = m.access_group_id
    LEFT JOIN mobile_access_group_schedules gs ON gs.tenant_id = m.tenant_id AND gs.access_group_id = m.access_group_id
    LEFT JOIN mobile_schedule_periods p ON p.tenant_id = gs.tenant_id AND p.schedule_id = gs.schedule_id
    WHERE m.tenant_id = ? AND m.user_id = ? AND ga.controlled_area_id IN (${placeholders(areas)})`,

  /** (tenant, site, ...days) */
  holidays: (days: number) => `SELECT date, holiday_type FROM mobile_site_holidays
    WHERE tenant_id = ? AND site_id = ? AND date IN (${placeholders(days)})`,

  /** (tenant, decided_at, user, email, phone, method, zone, result, reason, distance) */
  recordDecision: `INSERT INTO mobile_access_decisions
      (tenant_id, decided_at, user_id, email, phone_id, method, zone_id, result, reason, distance)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
};

/** The parameters of areasInBox: the box, then the phone's position and the square meters of a degree there. */
export function areasInBoxParams(tenantId: string, box: BoundingBox, phone: LatLng): unknown[] {
  const latitudeScale = METERS_PER_DEGREE ** 2;
  const longitudeScale = (METERS_PER_DEGREE * Math.cos(radians(phone.latitude))) ** 2;
  const { latitude, longitude } = phone;
  return [
    tenantId,
    box.minLatitude,
    box.maxLatitude,
    box.minLongitude,
    box.maxLongitude,
    ...[latitude, latitude, latitudeScale, longitude, longitude, longitudeScale],
  ];
}
