import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { mainDataSourceOptions } from '../src/core/database/data-source-options';
import { MobileAreaScheduleReferences1763800004100 } from '../src/core/database/migrations/1763800004100-mobile-area-schedule-references';
import { openDataSource } from '../src/core/database/open-data-sources';
import { openMigratedBefore } from './support/migrations';
import { accessGroup, area, groupAreas, insertInto, schedule, site } from './support/mobile-site-model';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/** The migration that counts the controlled-area schedule links made before links were counted. */
const REFERENCES_MIGRATION = 1763800004100;

type Counter = [tenant: string, id: string, count: number];

const link = (tenant_id: string, schedule_id: number, controlled_area_id: string) => ({
  tenant_id,
  schedule_id,
  controlled_area_id,
  on_action: 1,
  off_action: 2,
  description: '',
});

describe('Controlled-area schedule references migration', () => {
  let database: TestDatabase;
  let migrated: DataSource;

  /**
   * Tenant a: lobby already counted once by an access group, linked by schedules 1 and 2; schedule 1
   * also drives garage. Tenant b has the same ids with one link (2 → garage): a count that ignored the
   * tenant would add b's link to a's rows and a's links to b's.
   */
  const seedBeforeReferences = async (old: DataSource) => {
    const insert = (table: string, rows: Parameters<typeof insertInto>[2]) =>
      insertInto(old.manager, table, rows);
    for (const tenant of ['a', 'b']) {
      await insert('mobile_sites', [site(tenant, 'hq', 'UTC')]);
      await insert(
        'mobile_controlled_areas',
        ['garage', 'lobby', 'roof'].map((id) => area(tenant, 'hq', id, id)),
      );
      await insert(
        'mobile_schedules',
        [1, 2, 3].map((id) => schedule(tenant, 'hq', id, `Schedule ${id}`)),
      );
    }
    await insert('mobile_access_groups', [accessGroup('a', 'hq', 7, 'Staff')]);
    await insert('mobile_access_group_areas', groupAreas('a', [[7, 'lobby']]));
    await old.query(
      "UPDATE mobile_controlled_areas SET reference_count = 1 WHERE tenant_id = 'a' AND id = 'lobby'",
    );
    await insert('mobile_controlled_area_schedules', [
      link('a', 1, 'lobby'),
      link('a', 1, 'garage'),
      link('a', 2, 'lobby'),
      link('b', 2, 'garage'),
    ]);
  };

  const counters = async (table: string): Promise<Counter[]> => {
    const rows: { tenant_id: string; id: string | number; n: number | string }[] = await migrated.query(
      `SELECT tenant_id, id, reference_count AS n FROM ${table} ORDER BY tenant_id, id`,
    );
    return rows.map(({ tenant_id, id, n }) => [tenant_id, String(id), Number(n)]);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const options = mainDataSourceOptions(loadConfig(database.env).database);
    const old = await openMigratedBefore(options, REFERENCES_MIGRATION);
    await seedBeforeReferences(old);
    await old.destroy();
    migrated = await openDataSource(options);
  });
  afterAll(async () => {
    await migrated?.destroy();
    await database.drop();
  });

  it('adds each link to its own tenant’s area and schedule, on top of what access groups counted', async () => {
    expect(await counters('mobile_controlled_areas')).toEqual([
      ['a', 'garage', 1],
      ['a', 'lobby', 3],
      ['a', 'roof', 0],
      ['b', 'garage', 1],
      ['b', 'lobby', 0],
      ['b', 'roof', 0],
    ]);
    expect(await counters('mobile_schedules')).toEqual([
      ['a', '1', 2],
      ['a', '2', 1],
      ['a', '3', 0],
      ['b', '1', 0],
      ['b', '2', 1],
      ['b', '3', 0],
    ]);
  });

  it('down takes the links off again, leaving the access group’s count', async () => {
    const runner = migrated.createQueryRunner();
    await new MobileAreaScheduleReferences1763800004100().down(runner);
    await runner.release();
    const onlyLobbyCounted = (tenant: string, id: string): Counter => [
      tenant,
      id,
      tenant === 'a' && id === 'lobby' ? 1 : 0,
    ];
    expect(await counters('mobile_controlled_areas')).toEqual(
      ['a', 'b'].flatMap((tenant) => ['garage', 'lobby', 'roof'].map((id) => onlyLobbyCounted(tenant, id))),
    );
    expect(await counters('mobile_schedules')).toEqual(
      ['a', 'b'].flatMap((tenant) => ['1', '2', '3'].map((id): Counter => [tenant, id, 0])),
    );
  });
});
