import { DataSource } from 'typeorm';
import {
  closeAll,
  eachMigrationOnce,
  recordedMigrations,
  type Started,
  startTogether,
} from './support/instances';
import { createTestDatabase, onMysql, type TestDatabase } from './support/test-database';

// SQLite serves one instance; on MySQL/MariaDB several instances start together on one fresh database.
const INSTANCES = onMysql() ? 4 : 1;

const leftLocks = async (started: Started) =>
  onMysql() ? await started.apps[0].get(DataSource).query('SELECT name, holder FROM schema_locks') : [];

describe(`${INSTANCES} instance(s) starting together on a fresh database`, () => {
  let database: TestDatabase;
  let started: Started;
  beforeAll(async () => {
    database = await createTestDatabase();
    started = await startTogether(Array.from({ length: INSTANCES }, () => database.env));
  });
  afterAll(async () => {
    await closeAll(started?.apps ?? []);
    await database?.drop();
  });

  it('all come up', () => {
    expect(started.failures.map((error) => error.message)).toEqual([]);
    expect(started.apps).toHaveLength(INSTANCES);
  });

  it('leave no migration lock behind (each holder freed its row)', async () => {
    expect(await leftLocks(started)).toEqual([]);
  });

  it('record each migration exactly once, in both migrations tables', async () => {
    const expected = eachMigrationOnce(started.apps[0]);
    expect(Object.keys(expected.main).length).toBeGreaterThan(3);
    for (const app of started.apps) expect(await recordedMigrations(app)).toEqual(expected);
  });
});
