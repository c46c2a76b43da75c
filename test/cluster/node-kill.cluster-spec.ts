import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { closeAll, type Started } from '../support/instances';
import { ADMIN_AUTH } from '../support/test-app';
import { cluster, freshClusterDatabase, nodeSession, sleep, startOnePerNode } from './cluster';

const KILLED = 3; // node 3, whose instance is started[2]
const LOAD_BEFORE_KILL_MS = 3_000;
const DOWN_MS = 12_000;
const RECOVERY_LIMIT_MS = 30_000;
const MAX_WRITES_PER_INSTANCE = 4_000;
type Phase = 'before' | 'down' | 'rejoining' | 'after';

interface Answer {
  instance: number;
  phase: Phase;
  status: number;
  id: string;
  at: number;
}

describe('a Galera node killed under write load, one instance per node', () => {
  let database: Awaited<ReturnType<typeof freshClusterDatabase>>;
  let started: Started;
  const answers: Answer[] = [];
  let phase: Phase = 'before';
  let stop = false;
  const run = randomBytes(3).toString('hex');

  /** One writer per instance: creates tenants with unique ids, one request at a time, bounded. */
  const writer = async (instance: number) => {
    const http = request(started.apps[instance].getHttpServer());
    for (let n = 0; !stop && n < MAX_WRITES_PER_INSTANCE; n += 1) {
      const id = `k${run}-${instance}-${n}`;
      const at = Date.now();
      const status = await http
        .post('/api/v1/tenants')
        .set('authorization', ADMIN_AUTH)
        .send({ id, name: id })
        .timeout(20_000)
        .then(
          (res) => res.status,
          () => 0, // no answer within the timeout
        );
      answers.push({ instance, phase, status, id, at });
      if (status !== 201) await sleep(50);
    }
  };
  const count = (rows: Answer[]) =>
    rows.reduce<Record<number, number>>(
      (counts, row) => ({ ...counts, [row.status]: (counts[row.status] ?? 0) + 1 }),
      {},
    );

  /** Every tenant id the listing through this instance shows, page by page. */
  const listedThrough = async (instance: number) => {
    const ids = new Set<string>();
    for (let page = 1; ; page += 1) {
      const res = await request(started.apps[instance].getHttpServer())
        .get(`/api/v1/tenants?page=${page}&per_page=500`)
        .set('authorization', ADMIN_AUTH);
      if (res.status !== 200)
        throw new Error(`list through instance ${instance + 1}: ${res.status} ${res.text}`);
      for (const tenant of res.body as { id: string }[]) ids.add(tenant.id);
      if ((res.body as unknown[]).length < 500) return ids;
    }
  };

  let killedAt = 0;
  let restartedAt = 0;
  let syncedAt = 0;
  let recoveredAt = 0;
  beforeAll(async () => {
    database = await freshClusterDatabase();
    started = await startOnePerNode(database.urls);
    if (started.failures.length > 0) throw started.failures[0];
    const writers = [0, 1, 2].map(writer);
    try {
      await sleep(LOAD_BEFORE_KILL_MS);
      phase = 'down'; // from the moment the kill is sent
      killedAt = Date.now();
      await cluster('kill', KILLED);
      await sleep(DOWN_MS);
      phase = 'rejoining';
      restartedAt = Date.now();
      await cluster('restart', KILLED);
      syncedAt = Date.now();
      phase = 'after';
      const deadline = syncedAt + RECOVERY_LIMIT_MS;
      while (!recoveredAt && Date.now() < deadline) {
        const ok = answers.find((a) => a.instance === KILLED - 1 && a.at > restartedAt && a.status === 201);
        if (ok) recoveredAt = ok.at;
        else await sleep(100);
      }
      await sleep(2_000);
    } finally {
      stop = true;
      await Promise.all(writers);
    }
    const acknowledged = answers.filter((a) => a.status === 201).length;
    console.log(
      [
        `node kill: ${answers.length} writes, ${acknowledged} acknowledged; node ${KILLED} killed, restarted ${restartedAt - killedAt} ms later, Synced after ${syncedAt - restartedAt} ms`,
        ...[0, 1, 2].flatMap((instance) =>
          (['before', 'down', 'rejoining', 'after'] as Phase[]).map(
            (p) =>
              `instance ${instance + 1} ${p}: ${JSON.stringify(count(answers.filter((a) => a.instance === instance && a.phase === p)))}`,
          ),
        ),
        `instance ${KILLED} first write acknowledged ${recoveredAt ? `${recoveredAt - restartedAt} ms after the restart began (the script saw Synced at ${syncedAt - restartedAt} ms)` : 'NEVER within the limit'}`,
      ].join('\n'),
    );
  });
  afterAll(async () => {
    stop = true;
    await cluster('restart', KILLED).catch(() => undefined); // whatever happened, leave 3 nodes running
    await closeAll(started?.apps ?? []);
    await database?.drop();
  });

  it('keeps every acknowledged write, readable on every node and through every instance', async () => {
    const acknowledged = answers.filter((a) => a.status === 201).map((a) => a.id);
    expect(acknowledged.length).toBeGreaterThan(100);
    for (const url of database.urls) {
      const node = await nodeSession(url);
      const [rows] = await node.query('SELECT id FROM tenants WHERE id LIKE ?', [`k${run}-%`]);
      node.destroy();
      const stored = new Set((rows as { id: string }[]).map((row) => row.id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    }
    for (const instance of [0, 1, 2]) {
      const listed = await listedThrough(instance);
      expect(acknowledged.filter((id) => !listed.has(id))).toEqual([]);
    }
  });

  it("answers 503 (never 401 or 500) on the dead node's instance while its node is down", () => {
    const whileDown = answers.filter((a) => a.instance === KILLED - 1 && a.phase === 'down');
    expect(whileDown.length).toBeGreaterThan(0);
    expect(Object.keys(count(whileDown.filter((a) => a.status !== 201)))).toEqual(['503']);
  });

  it('lets that instance recover by itself once its node rejoined (no restart)', () => {
    expect(recoveredAt).toBeGreaterThan(0);
  });

  it('never answers 401 or 500 on the surviving instances', () => {
    const survivors = answers.filter((a) => a.instance !== KILLED - 1);
    expect(survivors.filter((a) => a.status === 401 || a.status === 500)).toEqual([]);
  });
});
