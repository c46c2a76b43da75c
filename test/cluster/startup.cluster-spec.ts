import { closeAll, eachMigrationOnce, recordedMigrations, type Started } from '../support/instances';
import { freshClusterDatabase, nodeSession, startOnePerNode } from './cluster';

describe('three instances, one per Galera node, started together on a fresh database', () => {
  let database: Awaited<ReturnType<typeof freshClusterDatabase>>;
  let started: Started;
  let startMs: number;
  beforeAll(async () => {
    database = await freshClusterDatabase();
    const startedAt = Date.now();
    started = await startOnePerNode(database.urls);
    startMs = Date.now() - startedAt;
    console.log(
      `startup race: ${started.apps.length}/3 up in ${startMs} ms; failures: ${JSON.stringify(started.failures.map((error) => error.message))}`,
    );
  });
  afterAll(async () => {
    await closeAll(started?.apps ?? []);
    await database?.drop();
  });

  it('all come up', () => {
    expect(started.failures.map((error) => error.message)).toEqual([]);
    expect(started.apps).toHaveLength(3);
  });

  it('record each migration exactly once, in both migrations tables, as every node sees them', async () => {
    const expected = eachMigrationOnce(started.apps[0]);
    for (const app of started.apps) expect(await recordedMigrations(app)).toEqual(expected);
    for (const url of database.urls) {
      const node = await nodeSession(url);
      const [locks] = await node.query('SELECT name FROM schema_locks');
      node.destroy();
      expect(locks).toEqual([]);
    }
  });
});
