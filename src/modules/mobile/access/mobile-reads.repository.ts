import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { leanQuery, readTimestamp } from '../../../core/database/lean-query';
import type { BeaconResponse } from '../site-model/dto/beacon.dto';
import { GpsUnit } from '../site-model/gps-unit';
import { SchedulePeriodView } from '../site-model/dto/schedule.dto';
import type { SchedulePeriodEntity } from '../site-model/entities/schedule-period.entity';
import type {
  MobileAccessGroupResponse,
  MobileControlledAreaResponse,
  MobileScheduleResponse,
} from './dto/mobile-reads.response';
import { type PeriodRow as PeriodColumns, periodRuleOf } from './schedule/period-row';
import { ZONE_STATE_NAMES, type ZoneState } from './zone-state';

type Stamp = Date | string;

interface BeaconRow {
  unique_id: string;
  uuid: string;
  major: number;
  minor: number;
  adv_interval: number;
  avg_event_interval: number | null;
  last_event_timestamp: Stamp | null;
  battery_level: number | null;
  master: string | null;
  device_data: string | null;
  status_data: string | null;
  updated_at: Stamp;
}

interface AreaRow {
  id: string;
  name: string;
  description: string;
  toggle: string;
  factor: number;
  authorization_timeout: number;
  authorization_mode: number;
  state: number;
  zone_group_id: string;
  site_id: string;
  geo_enabled: number | boolean;
  beacon_unique_id: string | null;
  beacon_major: number | null;
  beacon_minor: number | null;
  gps_latitude: number | null;
  gps_longitude: number | null;
  gps_radius: number | null;
  gps_unit_type: string | null;
}

const AREA_SELECT = `SELECT a.id, a.name, a.description, a.toggle, a.factor, a.authorization_timeout,
  a.authorization_mode, a.state, a.zone_group_id, a.site_id, a.geo_enabled, a.beacon_unique_id,
  b.major AS beacon_major, b.minor AS beacon_minor, a.gps_latitude, a.gps_longitude, a.gps_radius, a.gps_unit_type
  FROM mobile_controlled_areas a
  LEFT JOIN mobile_beacons b ON b.tenant_id = a.tenant_id AND b.unique_id = a.beacon_unique_id`;

/** The areas the user's access groups hold. */
const USER_AREAS = `${AREA_SELECT}
  WHERE a.tenant_id = ? AND EXISTS (
    SELECT 1 FROM mobile_user_access_groups m
    JOIN mobile_access_group_areas ga ON ga.tenant_id = m.tenant_id AND ga.access_group_id = m.access_group_id
    WHERE m.tenant_id = a.tenant_id AND m.user_id = ? AND ga.controlled_area_id = a.id)
  ORDER BY a.id`;

const json = (text: string | null): Record<string, unknown> | null =>
  text === null ? null : (JSON.parse(text) as Record<string, unknown>);
const stamp = (value: Stamp | null): Date | null => (value === null ? null : readTimestamp(value));

const toBeacon = (row: BeaconRow): BeaconResponse => ({
  uniqueId: row.unique_id,
  major: Number(row.major),
  minor: Number(row.minor),
  uuid: row.uuid,
  advInterval: Number(row.adv_interval),
  avgEventInterval: row.avg_event_interval === null ? null : Number(row.avg_event_interval),
  lastEventTimestamp: stamp(row.last_event_timestamp),
  batteryLevel: row.battery_level === null ? null : Number(row.battery_level),
  master: row.master,
  updatedAt: readTimestamp(row.updated_at),
  deviceData: json(row.device_data),
  statusData: json(row.status_data),
});

function toArea(row: AreaRow): MobileControlledAreaResponse {
  const hasGps = row.gps_latitude !== null && row.gps_longitude !== null && row.gps_radius !== null;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    toggle: row.toggle,
    factor: Number(row.factor),
    authorizationTimout: Number(row.authorization_timeout),
    authorizationMode: Number(row.authorization_mode),
    guardGroup: '',
    state: ZONE_STATE_NAMES[Number(row.state) as ZoneState],
    zoneGroupId: row.zone_group_id,
    siteId: row.site_id,
    geoLocation: {
      enabled: Boolean(Number(row.geo_enabled)),
      ...(row.beacon_unique_id === null
        ? {}
        : {
            beacon: {
              uniqueId: row.beacon_unique_id,
              major: Number(row.beacon_major),
              minor: Number(row.beacon_minor),
            },
          }),
      ...(hasGps
        ? {
            gps: {
              latitude: Number(row.gps_latitude),
              longitude: Number(row.gps_longitude),
              unitType: (row.gps_unit_type ?? GpsUnit.METERS) as GpsUnit,
              radius: Number(row.gps_radius),
            },
          }
        : {}),
    },
  };
}

interface PeriodRow extends PeriodColumns {
  id: number;
  schedule_id: number;
  position: number;
}

const toPeriodEntity = (tenantId: string, row: PeriodRow): SchedulePeriodEntity => ({
  id: Number(row.id),
  tenantId,
  scheduleId: Number(row.schedule_id),
  position: Number(row.position),
  ...periodRuleOf(row),
});

/** The mobile read routes' statements: selected columns, by the tenant's indexes (ARCHITECTURE rule 8). */
@Injectable()
export class MobileReadsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private async query<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    return (await leanQuery<T>(this.txHost.tx, sql, parameters)).records;
  }

  async beacons(tenantId: string, uniqueId?: string): Promise<BeaconResponse[]> {
    const rows = await this.query<BeaconRow>(
      `SELECT unique_id, uuid, major, minor, adv_interval, avg_event_interval, last_event_timestamp, battery_level,
              master, device_data, status_data, updated_at
       FROM mobile_beacons WHERE tenant_id = ? ${uniqueId === undefined ? '' : 'AND unique_id = ?'} ORDER BY unique_id`,
      uniqueId === undefined ? [tenantId] : [tenantId, uniqueId],
    );
    return rows.map(toBeacon);
  }

  /** Records a beacon health report on every beacon of the tenant with that major/minor; how many there were. */
  async reportBeaconStatus(
    tenantId: string,
    major: number,
    minor: number,
    batteryLevel: number,
    now: Date,
  ): Promise<number> {
    const { affected } = await leanQuery(
      this.txHost.tx,
      `UPDATE mobile_beacons SET battery_level = ?, last_event_timestamp = ?, updated_at = ?
       WHERE tenant_id = ? AND major = ? AND minor = ?`,
      [batteryLevel, now, now, tenantId, major, minor],
    );
    return affected;
  }

  async areasOfUser(tenantId: string, userId: string): Promise<MobileControlledAreaResponse[]> {
    return (await this.query<AreaRow>(USER_AREAS, [tenantId, userId])).map(toArea);
  }

  /** The areas of an access group; null when the tenant has no such group. */
  async areasOfGroup(tenantId: string, groupId: number): Promise<MobileControlledAreaResponse[] | null> {
    const [group] = await this.query(`SELECT id FROM mobile_access_groups WHERE tenant_id = ? AND id = ?`, [
      tenantId,
      groupId,
    ]);
    if (!group) return null;
    const rows = await this.query<AreaRow>(
      `${AREA_SELECT}
       JOIN mobile_access_group_areas ga ON ga.tenant_id = a.tenant_id AND ga.controlled_area_id = a.id
       WHERE a.tenant_id = ? AND ga.access_group_id = ? ORDER BY a.id`,
      [tenantId, groupId],
    );
    return rows.map(toArea);
  }

  async groupsOfUser(tenantId: string, userId: string): Promise<MobileAccessGroupResponse[]> {
    const rows = await this.query<{ id: number; name: string; description: string; site_id: string }>(
      `SELECT g.id, g.name, g.description, g.site_id FROM mobile_user_access_groups m
       JOIN mobile_access_groups g ON g.tenant_id = m.tenant_id AND g.id = m.access_group_id
       WHERE m.tenant_id = ? AND m.user_id = ? ORDER BY g.id`,
      [tenantId, userId],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      name: row.name,
      description: row.description,
      site_id: row.site_id,
    }));
  }

  /** The schedules of the user's access groups, with their periods. */
  async schedulesOfUser(tenantId: string, userId: string): Promise<MobileScheduleResponse[]> {
    const schedules = await this.query<{ id: number; name: string; description: string; site_id: string }>(
      `SELECT s.id, s.name, s.description, s.site_id FROM mobile_schedules s
       WHERE s.tenant_id = ? AND EXISTS (
         SELECT 1 FROM mobile_user_access_groups m
         JOIN mobile_access_group_schedules gs ON gs.tenant_id = m.tenant_id AND gs.access_group_id = m.access_group_id
         WHERE m.tenant_id = s.tenant_id AND m.user_id = ? AND gs.schedule_id = s.id)
       ORDER BY s.id`,
      [tenantId, userId],
    );
    if (schedules.length === 0) return [];
    const periods = await this.query<PeriodRow>(
      `SELECT id, schedule_id, position, frequency, exceptions, days, start_minute, end_minute, on_time, off_time
       FROM mobile_schedule_periods
       WHERE tenant_id = ? AND schedule_id IN (${schedules.map(() => '?').join(', ')})
       ORDER BY schedule_id, position`,
      [tenantId, ...schedules.map((schedule) => schedule.id)],
    );
    return schedules.map((schedule) => ({
      id: String(schedule.id),
      name: schedule.name,
      description: schedule.description,
      siteId: schedule.site_id,
      usedByAccessGroup: true,
      periods: periods
        .filter((row) => Number(row.schedule_id) === Number(schedule.id))
        .map((row) => SchedulePeriodView.from(toPeriodEntity(tenantId, row))),
    }));
  }
}
