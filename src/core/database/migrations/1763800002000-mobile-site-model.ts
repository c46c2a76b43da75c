import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  type TableColumnOptions,
  TableIndex,
} from 'typeorm';
import { col, exactCollation } from '../portable-columns';

const tenantKey = col.primaryString('tenant_id', 64);
const double = (name: string) => ({ name, type: 'double', isNullable: true });
const created = [col.timestamp('created_at'), col.timestamp('updated_at')];
const references = col.int('reference_count', { default: 0 });
const intKey = (name: string): TableColumnOptions => ({ ...col.int(name), isPrimary: true });

/** The client's ids, exact on MySQL/MariaDB as on SQLite (`Lobby` and `lobby` are two ids). */
const EXACT_IDS: [table: string, column: string, nullable: boolean][] = [
  ['mobile_sites', 'id', false],
  ['mobile_site_holidays', 'site_id', false],
  ['mobile_controlled_areas', 'id', false],
  ['mobile_controlled_areas', 'site_id', false],
  ['mobile_controlled_areas', 'beacon_unique_id', true],
  ['mobile_beacons', 'unique_id', false],
  ['mobile_schedules', 'site_id', false],
  ['mobile_access_groups', 'site_id', false],
  ['mobile_access_group_areas', 'controlled_area_id', false],
];

/**
 * A named record of one site (area, schedule, access group): keyed by (tenant, id), with the site's
 * index `ix_<table>_site`.
 */
function siteRecordTable(
  name: string,
  id: TableColumnOptions,
  columns: TableColumnOptions[],
  indices: TableIndex[] = [],
): Table {
  return new Table({
    name,
    columns: [
      tenantKey,
      id,
      col.string('site_id', 64),
      col.string('name', 200),
      col.string('description', 1000),
      ...columns,
      ...created,
    ],
    indices: [new TableIndex({ name: `ix_${name}_site`, columnNames: ['tenant_id', 'site_id'] }), ...indices],
  });
}

/**
 * A link between two records of a tenant: keyed by (tenant, from, to), with a reverse index (tenant, to)
 * named `ix_<table>_<to without _id>`.
 */
function linkTable(name: string, from: TableColumnOptions, to: TableColumnOptions): Table {
  const reverse = `ix_${name}_${to.name.replace(/_id$/, '')}`;
  return new Table({
    name,
    columns: [tenantKey, from, to],
    indices: [new TableIndex({ name: reverse, columnNames: ['tenant_id', to.name] })],
  });
}

/**
 * Primis site model: sites and their holidays, controlled areas, beacons, schedules and their periods,
 * access groups with their area and schedule links, and the mobile users' memberships.
 */
export class MobileSiteModel1763800002000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const create = (table: Table) => queryRunner.createTable(table);
    await create(
      new Table({
        name: 'mobile_sites',
        columns: [
          tenantKey,
          col.primaryString('id', 64),
          col.string('name', 200),
          col.string('time_zone', 64),
          references,
          ...created,
        ],
      }),
    );
    await create(
      new Table({
        name: 'mobile_site_holidays',
        columns: [
          tenantKey,
          col.primaryString('site_id', 64),
          col.primaryString('date', 10),
          col.string('name', 200),
          col.int('holiday_type'),
        ],
      }),
    );
    await create(
      siteRecordTable(
        'mobile_controlled_areas',
        col.primaryString('id', 64),
        [
          col.int('state'),
          col.timestamp('state_changed_at'),
          col.timestamp('unlocked_until', { isNullable: true }),
          col.string('toggle', 1),
          col.int('factor'),
          col.int('authorization_mode'),
          col.int('authorization_timeout'),
          col.string('zone_group_id', 64),
          col.boolean('geo_enabled'),
          col.string('beacon_unique_id', 64, { isNullable: true }),
          double('gps_latitude'),
          double('gps_longitude'),
          double('gps_radius'),
          col.string('gps_unit_type', 16, { isNullable: true }),
          references,
        ],
        [
          new TableIndex({
            name: 'ux_mobile_areas_beacon',
            columnNames: ['tenant_id', 'beacon_unique_id'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'ix_mobile_areas_gps',
            columnNames: ['tenant_id', 'gps_latitude', 'gps_longitude'],
          }),
        ],
      ),
    );
    await create(
      new Table({
        name: 'mobile_beacons',
        columns: [
          tenantKey,
          col.primaryString('unique_id', 64),
          col.string('uuid', 36),
          col.int('major'),
          col.int('minor'),
          col.int('adv_interval'),
          col.int('avg_event_interval', { isNullable: true }),
          col.timestamp('last_event_timestamp', { isNullable: true }),
          col.int('battery_level', { isNullable: true }),
          col.string('master', 64, { isNullable: true }),
          col.text('device_data', { isNullable: true }),
          col.text('status_data', { isNullable: true }),
          references,
          col.timestamp('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_mobile_beacons_identity',
            columnNames: ['tenant_id', 'uuid', 'major', 'minor'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'ix_mobile_beacons_major_minor',
            columnNames: ['tenant_id', 'major', 'minor'],
          }),
        ],
      }),
    );
    await create(siteRecordTable('mobile_schedules', intKey('id'), [references]));
    await create(
      new Table({
        name: 'mobile_schedule_periods',
        columns: [
          col.increment('id'),
          col.string('tenant_id', 64),
          col.int('schedule_id'),
          col.int('position'),
          col.int('frequency'),
          col.int('exceptions'),
          col.int('days'),
          col.int('start_minute'),
          col.int('end_minute'),
          col.string('on_time', 19, { isNullable: true }),
          col.string('off_time', 19, { isNullable: true }),
        ],
        indices: [
          new TableIndex({
            name: 'ux_mobile_schedule_periods_position',
            columnNames: ['tenant_id', 'schedule_id', 'position'],
            isUnique: true,
          }),
        ],
      }),
    );
    await create(
      siteRecordTable('mobile_access_groups', intKey('id'), [col.int('member_count', { default: 0 })]),
    );
    await create(
      linkTable(
        'mobile_access_group_areas',
        intKey('access_group_id'),
        col.primaryString('controlled_area_id', 64),
      ),
    );
    await create(
      linkTable('mobile_access_group_schedules', intKey('access_group_id'), intKey('schedule_id')),
    );
    await create(
      linkTable('mobile_user_access_groups', col.primaryString('user_id', 36), intKey('access_group_id')),
    );
    if (queryRunner.connection.options.type === 'better-sqlite3') return;
    const exact = await exactCollation(queryRunner);
    for (const [table, column, nullable] of EXACT_IDS)
      await queryRunner.query(
        `ALTER TABLE ${table} MODIFY ${column} VARCHAR(64) CHARACTER SET utf8mb4 COLLATE ${exact} ${nullable ? 'NULL' : 'NOT NULL'}`,
      );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'mobile_user_access_groups',
      'mobile_access_group_schedules',
      'mobile_access_group_areas',
      'mobile_access_groups',
      'mobile_schedule_periods',
      'mobile_schedules',
      'mobile_beacons',
      'mobile_controlled_areas',
      'mobile_site_holidays',
      'mobile_sites',
    ])
      await queryRunner.dropTable(table);
  }
}
