import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource, type EntityManager } from 'typeorm';
import { leanQuery } from '../../src/core/database/lean-query';

type Row = Record<string, string | number | Date | null>;

/** Inserts rows straight into the site model's tables: the access module's tests own their fixtures. */
export async function insertRows(app: NestFastifyApplication, table: string, rows: Row[]): Promise<void> {
  await insertInto(app.get(DataSource).manager, table, rows);
}

/** The same without an app: into a database a migration test holds at an earlier schema. */
export async function insertInto(manager: EntityManager, table: string, rows: Row[]): Promise<void> {
  for (const row of rows) {
    const columns = Object.keys(row);
    await leanQuery(
      manager,
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      Object.values(row),
    );
  }
}

const STAMP = new Date('2026-01-01T00:00:00Z');
const stamps = { created_at: STAMP, updated_at: STAMP };

export const site = (tenant_id: string, id: string, time_zone: string): Row => ({
  tenant_id,
  id,
  name: `Site ${id}`,
  time_zone,
  reference_count: 0,
  ...stamps,
});

export interface AreaOptions {
  state?: number;
  geo?: boolean;
  beacon?: string | null;
  gps?: { latitude: number; longitude: number; radius: number; unit: string } | null;
}

export const area = (
  tenant_id: string,
  site_id: string,
  id: string,
  name: string,
  options: AreaOptions = {},
): Row => ({
  tenant_id,
  id,
  site_id,
  name,
  description: '',
  state: options.state ?? 10,
  state_changed_at: STAMP,
  unlocked_until: null,
  toggle: '',
  factor: 0,
  authorization_mode: 0,
  authorization_timeout: 0,
  zone_group_id: '',
  geo_enabled: options.geo === false ? 0 : 1,
  beacon_unique_id: options.beacon ?? null,
  gps_latitude: options.gps?.latitude ?? null,
  gps_longitude: options.gps?.longitude ?? null,
  gps_radius: options.gps?.radius ?? null,
  gps_unit_type: options.gps?.unit ?? null,
  reference_count: 0,
  ...stamps,
});

export const beacon = (
  tenant_id: string,
  unique_id: string,
  uuid: string,
  major: number,
  minor: number,
): Row => ({
  tenant_id,
  unique_id,
  uuid,
  major,
  minor,
  adv_interval: 350,
  reference_count: 0,
  updated_at: STAMP,
});

export interface PeriodOptions {
  frequency?: number;
  exceptions?: number;
  days?: number;
  start?: number;
  end?: number;
  on?: string | null;
  off?: string | null;
}

/** A schedule and its periods (minutes after local midnight). */
export const schedule = (tenant_id: string, site_id: string, id: number, name: string): Row => ({
  tenant_id,
  id,
  site_id,
  name,
  description: '',
  reference_count: 0,
  ...stamps,
});

export const period = (
  tenant_id: string,
  schedule_id: number,
  position: number,
  options: PeriodOptions,
): Row => ({
  tenant_id,
  schedule_id,
  position,
  frequency: options.frequency ?? 2,
  exceptions: options.exceptions ?? 0,
  days: options.days ?? 0x7f,
  start_minute: options.start ?? 0,
  end_minute: options.end ?? 1440,
  on_time: options.on ?? null,
  off_time: options.off ?? null,
});

export const accessGroup = (tenant_id: string, site_id: string, id: number, name: string): Row => ({
  tenant_id,
  id,
  site_id,
  name,
  description: '',
  member_count: 0,
  ...stamps,
});

/** Access group ↔ controlled area rows, from `[groupId, areaId]` pairs. */
export const groupAreas = (tenant_id: string, pairs: [number, string][]): Row[] =>
  pairs.map(([access_group_id, controlled_area_id]) => ({ tenant_id, access_group_id, controlled_area_id }));
