import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { leanQuery, readTimestamp } from '../../../core/database/lean-query';
import type { UserRights } from './access-decision';
import { ACCESS_SQL, areasInBoxParams } from './access-sql';
import type { ScheduleLink } from './schedule-action';
import { holidayTypeBit } from '../site-model/schedule-masks';
import type { BoundingBox } from './geo/geo-distance';
import type { HolidayCalendar } from './schedule/schedule-evaluator';
import { type PeriodRow, periodRuleOf } from './schedule/period-row';
import type { ZoneState } from './zone-state';

/** An area as a decision reads it, with its site's zone. */
export interface AreaFacts {
  id: string;
  name: string;
  siteId: string;
  timeZone: string;
  state: ZoneState;
  unlockedUntil: Date | null;
  /** `T`: state changes hold indefinitely, schedules do not drive the area. */
  toggle: string;
  geoEnabled: boolean;
  latitude: number | null;
  longitude: number | null;
  radius: number | null;
  unitType: string | null;
}

interface AreaRow {
  id: string;
  name: string;
  site_id: string;
  time_zone: string;
  state: number;
  unlocked_until: Date | string | null;
  toggle: string;
  geo_enabled: number | boolean;
  gps_latitude: number | null;
  gps_longitude: number | null;
  gps_radius: number | null;
  gps_unit_type: string | null;
}

const toFacts = (row: AreaRow): AreaFacts => ({
  id: row.id,
  name: row.name,
  siteId: row.site_id,
  timeZone: row.time_zone,
  state: Number(row.state),
  unlockedUntil: row.unlocked_until === null ? null : readTimestamp(row.unlocked_until),
  toggle: row.toggle,
  geoEnabled: Boolean(Number(row.geo_enabled)),
  latitude: row.gps_latitude === null ? null : Number(row.gps_latitude),
  longitude: row.gps_longitude === null ? null : Number(row.gps_longitude),
  radius: row.gps_radius === null ? null : Number(row.gps_radius),
  unitType: row.gps_unit_type,
});

/**
 * The reads an access decision makes (ARCHITECTURE rule 8: hand-written statements on indexes, raw rows):
 * the area by beacon (one unique-index hit) or the areas in a bounding box (the GPS index), the user's
 * schedule periods for those areas, and the site's holidays on the days that matter.
 */
@Injectable()
export class AccessRulesRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private query<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    return leanQuery<T>(this.txHost.tx, sql, parameters).then((result) => result.records);
  }

  /** The area the beacon `(uuid, major, minor)` stands at, or null. */
  async areaByBeacon(
    tenantId: string,
    uuid: string,
    major: number,
    minor: number,
  ): Promise<AreaFacts | null> {
    const [row] = await this.query<AreaRow>(ACCESS_SQL.areaByBeacon, [tenantId, uuid, major, minor]);
    return row ? toFacts(row) : null;
  }

  /** An area of the tenant by its id, or null. */
  async areaById(tenantId: string, id: string): Promise<AreaFacts | null> {
    const [row] = await this.query<AreaRow>(ACCESS_SQL.areaById, [tenantId, id]);
    return row ? toFacts(row) : null;
  }

  /** Geolocation-enabled areas with a GPS position inside the box, nearest `limit` first (a flat-earth order). */
  async areasInBox(
    tenantId: string,
    box: BoundingBox,
    center: { latitude: number; longitude: number },
    limit: number,
  ): Promise<AreaFacts[]> {
    const wraps = box.minLongitude > box.maxLongitude; // across the antimeridian
    const rows = await this.query<AreaRow>(
      ACCESS_SQL.areasInBox(wraps, limit),
      areasInBoxParams(tenantId, box, center),
    );
    return rows.map(toFacts);
  }

  /** For each area: whether one of the user's access groups holds it, and the periods of those groups' schedules. */
  async rightsOf(
    tenantId: string,
    userId: string,
    areaIds: readonly string[],
  ): Promise<Map<string, UserRights>> {
    const rights = new Map<string, UserRights>();
    if (areaIds.length === 0) return rights;
    const rows = await this.query<PeriodRow & { area_id: string }>(ACCESS_SQL.rightsOf(areaIds.length), [
      tenantId,
      userId,
      ...areaIds,
    ]);
    for (const row of rows) {
      const entry = rights.get(row.area_id) ?? { linked: true, periods: [] };
      rights.set(row.area_id, entry);
      if (row.frequency !== null) entry.periods.push(periodRuleOf(row));
    }
    return rights;
  }

  /** The area's controlled-area schedules, oldest first, each with its schedule's periods. */
  async scheduleLinksOf(tenantId: string, areaId: string): Promise<ScheduleLink[]> {
    const rows = await this.query<PeriodRow & { link_id: number; on_action: number; off_action: number }>(
      `SELECT c.id AS link_id, c.on_action, c.off_action, p.frequency, p.exceptions, p.days, p.start_minute,
              p.end_minute, p.on_time, p.off_time
       FROM mobile_controlled_area_schedules c
       JOIN mobile_schedules s ON s.tenant_id = c.tenant_id AND s.id = c.schedule_id
       LEFT JOIN mobile_schedule_periods p ON p.tenant_id = c.tenant_id AND p.schedule_id = c.schedule_id
       WHERE c.tenant_id = ? AND c.controlled_area_id = ?
       ORDER BY c.id`,
      [tenantId, areaId],
    );
    const links = new Map<number, ScheduleLink>();
    for (const row of rows) {
      const link = links.get(row.link_id) ?? {
        onAction: Number(row.on_action),
        offAction: Number(row.off_action),
        periods: [],
      };
      links.set(row.link_id, link);
      if (row.frequency !== null) link.periods.push(periodRuleOf(row));
    }
    return [...links.values()];
  }

  /** The site's holidays on these local days: date -> holiday type bits. */
  async holidays(tenantId: string, siteId: string, days: readonly string[]): Promise<HolidayCalendar> {
    if (days.length === 0) return new Map();
    const rows = await this.query<{ date: string; holiday_type: number }>(ACCESS_SQL.holidays(days.length), [
      tenantId,
      siteId,
      ...days,
    ]);
    const calendar = new Map<string, number>();
    for (const row of rows)
      calendar.set(row.date, (calendar.get(row.date) ?? 0) | holidayTypeBit(Number(row.holiday_type)));
    return calendar;
  }
}
