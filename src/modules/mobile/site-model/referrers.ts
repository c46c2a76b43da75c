import { leanQuery } from '../../../core/database/lean-query';
import type { SiteModelStore } from './site-model.store';

/** One kind of record pointing at another: how a 409 names it, and the query of its ids (tenant, id). */
export interface Referrer {
  label: string;
  sql: string;
}

/** The `id`s in `table` whose `by` column names the record, in order. */
const referrer = (label: string, table: string, id: string, by: string): Referrer => ({
  label,
  sql: `SELECT ${id} AS id FROM ${table} WHERE tenant_id = ? AND ${by} = ? ORDER BY ${id}`,
});

const GROUP_AREAS = 'mobile_access_group_areas';
const GROUP_SCHEDULES = 'mobile_access_group_schedules';
const AREA_SCHEDULES = 'mobile_controlled_area_schedules';

export const GROUPS_LISTING_AREA = referrer(
  'access groups',
  GROUP_AREAS,
  'access_group_id',
  'controlled_area_id',
);
export const SCHEDULES_DRIVING_AREA = referrer(
  'controlled-area schedules',
  AREA_SCHEDULES,
  'schedule_id',
  'controlled_area_id',
);
export const GROUPS_USING_SCHEDULE = referrer(
  'access groups',
  GROUP_SCHEDULES,
  'access_group_id',
  'schedule_id',
);
export const AREAS_DRIVEN_BY_SCHEDULE = referrer(
  'controlled areas it drives',
  AREA_SCHEDULES,
  'controlled_area_id',
  'schedule_id',
);

/** What points at a record, for its 409: `access groups: 3; controlled-area schedules: 7`. */
export async function referrersOf(
  store: SiteModelStore,
  tenantId: string,
  id: string | number,
  referrers: readonly Referrer[],
): Promise<string> {
  const parts: string[] = [];
  for (const { label, sql } of referrers) {
    const { records } = await leanQuery<{ id: string | number }>(store.manager, sql, [tenantId, id]);
    if (records.length > 0) parts.push(`${label}: ${records.map((row) => row.id).join(', ')}`);
  }
  return parts.join('; ') || 'none';
}
