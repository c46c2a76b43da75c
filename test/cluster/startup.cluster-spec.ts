import { CREATE_LOCK_TABLE } from '../../src/core/database/sql-lock-store';
import { closeAll, eachMigrationOnce, recordedMigrations, type Started } from '../support/instances';
import { freshClusterDatabase, nodeSession, startOnePerNode } from './cluster';

const DYING_HOLDER_MS = 8_000; // longer than a start without waiting takes here (under 4.5 s)

describe('three instances, one per Galera node, started together on a fresh database', () => {
  let database: Awaited<ReturnType<typeof freshClusterDatabase>>;
  let started: Started;
  let startMs: number;
  beforeAll(async () => {
    database = await freshClusterDatabase();
    // Lock rows left by instances that died: one expired, one that expires in 8 s (written on node 2).
    const node = await nodeSession(database.urls[1]);
    await node.query(CREATE_LOCK_TABLE);
    await node.query(
      `INSERT INTO schema_locks (name, holder, expires_at) VALUES
       ('migrations', 'dead-instance', NOW(3) - INTERVAL 1 SECOND),
       ('journal_migrations', 'dying-instance', NOW(3) + INTERVAL ? MICROSECOND)`,
      [DYING_HOLDER_MS * 1000],
    );
    node.destroy();
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

  it("all come up, taking over the dead holders' locks once they expired", () => {
    expect(started.failures.map((error) => error.message)).toEqual([]);
    expect(started.apps).toHaveLength(3);
    expect(startMs).toBeGreaterThanOrEqual(DYING_HOLDER_MS - 500); // the journal waited for its lock's expiry
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
