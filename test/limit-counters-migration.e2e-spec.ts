import { loadConfig } from '../src/config/app-config';
import { mainDataSourceOptions } from '../src/core/database/data-source-options';
import { openDataSource } from '../src/core/database/open-data-sources';
import { openMigratedBefore } from './support/migrations';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/** The migration that adds the tenants' limit counters fills them from the rows already there. */
const COUNTERS_MIGRATION = 1763800000700;
const AT = '2026-01-01 00:00:00.000';

describe('Tenant limit counters migration', () => {
  let database: TestDatabase;
  let options: ReturnType<typeof mainDataSourceOptions>;

  beforeAll(async () => {
    database = await createTestDatabase();
    options = mainDataSourceOptions(loadConfig(database.env).database);
  });
  afterAll(() => database.drop());

  /** The schema as it was before the counters, with devices and auth sets in it. */
  const seedBeforeCounters = async () => {
    const old = await openMigratedBefore(options, COUNTERS_MIGRATION);
    for (const id of ['a', 'b', 'empty'])
      await old.query(
        'INSERT INTO tenants (id, name, active_device_limit, accepted_device_limit, created_at) VALUES (?, ?, 100, NULL, ?)',
        [id, id, AT],
      );
    const devices: [string, string, number][] = [
      ['a', 'd1', 1],
      ['a', 'd2', 1],
      ['a', 'd3', 0],
      ['b', 'd1', 0],
    ];
    for (const [tenant, id, active] of devices)
      await old.query(
        'INSERT INTO devices (tenant_id, id, serial_number, manufacturer, device_type, active, created_at, updated_at) ' +
          "VALUES (?, ?, ?, 'm', 'Camera', ?, ?, ?)",
        [tenant, id, id, active, AT, AT],
      );
    const authSets = [
      ['a', 's1', 'accepted'],
      ['a', 's2', 'rejected'],
      ['a', 's3', 'pending'],
      ['b', 's1', 'accepted'],
      ['b', 's2', 'accepted'],
    ];
    for (const [tenant, id, status] of authSets)
      await old.query(
        'INSERT INTO auth_sets (tenant_id, id, device_id, device_identity, attributes, pubkey, status, request_time) ' +
          "VALUES (?, ?, ?, '{}', '{}', 'key', ?, ?)",
        [tenant, id, id, status, AT],
      );
    await old.destroy();
  };

  it('fills each tenant counter from its own active devices and accepted auth sets', async () => {
    await seedBeforeCounters();
    const migrated = await openDataSource(options);
    const rows: { id: string; active: number | string; accepted: number | string }[] = await migrated.query(
      'SELECT id, active_device_count AS active, accepted_device_count AS accepted FROM tenants ORDER BY id',
    );
    await migrated.destroy();
    expect(rows.map(({ id, active, accepted }) => [id, Number(active), Number(accepted)])).toEqual([
      ['a', 2, 1],
      ['b', 0, 2],
      ['empty', 0, 0],
    ]);
  });
});
