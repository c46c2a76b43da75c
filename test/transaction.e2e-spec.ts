import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CompensationReconciler } from '../src/core/transaction/compensation-reconciler';
import { gate, remotes, resetRemotes, SagaFixtureModule, undoLog } from './support/saga.fixture';
import { ADMIN_AUTH, startTestApp, type TestApp, tenantUser } from './support/test-app';
import { onMysql, serverConnection } from './support/test-database';

const MANUAL_RECONCILER = { RECONCILER_INTERVAL_MS: '3600000', COMPENSATION_ORPHAN_AFTER_MS: '3600000' };
type Step = 'none' | 'afterInsert' | 'afterFirstCall' | 'afterSecondCall' | 'hang';

const saga = (app: NestFastifyApplication, tenantId: string, failAt: Step) =>
  request(app.getHttpServer()).post('/test/saga').set('authorization', ADMIN_AUTH).send({ tenantId, failAt });
const tenantStatus = async (app: NestFastifyApplication, id: string) =>
  (await request(app.getHttpServer()).get(`/api/v1/tenants/${id}`).set('authorization', ADMIN_AUTH)).status;
const compensations = async (app: NestFastifyApplication, status: string) =>
  (
    await request(app.getHttpServer())
      .get(`/api/v1/compensations?status=${status}&per_page=500`)
      .set('authorization', ADMIN_AUTH)
  ).body as {
    kind: string;
    status: string;
    attempts: number;
    lastError: string | null;
    requestId: string;
  }[];

describe('transaction + compensation layer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(MANUAL_RECONCILER, [SagaFixtureModule]);
  });
  afterAll(() => t.close());
  beforeEach(resetRemotes);

  it('commits the row and keeps both remote records when nothing fails, leaving no journal rows', async () => {
    const res = await saga(t.app, 'ok-1', 'none');
    expect(res.status).toBe(201);
    expect(await tenantStatus(t.app, 'ok-1')).toBe(200);
    expect([...remotes.a.records, ...remotes.b.records]).toEqual(['ok-1', 'ok-1']);
    expect(undoLog).toEqual([]);
    for (const status of ['armed', 'committing', 'pending', 'done'])
      expect(await compensations(t.app, status)).toEqual([]);
  });

  it.each([
    ['afterInsert', []],
    ['afterFirstCall', ['a:f-afterFirstCall']],
    ['afterSecondCall', ['b:f-afterSecondCall', 'a:f-afterSecondCall']],
  ] as const)(
    'a failure %s leaves no row, no remote record, and calls each registered undo once, newest first',
    async (step, expected) => {
      const id = `f-${step}`;
      const res = await saga(t.app, id, step).set('x-request-id', `req-${step}`);
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ status: 500, detail: 'internal error', requestId: `req-${step}` });
      expect(res.text).not.toMatch(/boom|SELECT|stack/i);
      expect(await tenantStatus(t.app, id)).toBe(404);
      expect(remotes.a.records.size + remotes.b.records.size).toBe(0);
      expect(undoLog).toEqual(expected);
      const done = (await compensations(t.app, 'done')).filter((row) => row.requestId === `req-${step}`);
      expect(done).toHaveLength(expected.length);
    },
  );

  it('records the failure in the audit log outside the rolled-back transaction', async () => {
    await saga(t.app, 'audited', 'afterSecondCall').set('x-request-id', 'req-audited');
    const events = await t.http
      .get('/api/v1/tenants/management/audit-events?action=testSaga')
      .set('authorization', ADMIN_AUTH);
    const mine = events.body.filter((event: { requestId: string }) => event.requestId === 'req-audited');
    // One event per request: the failure, naming the tenant the handler was creating; no success row survived.
    expect(mine).toEqual([
      expect.objectContaining({
        outcome: 'failure',
        statusCode: 500,
        actor: 'admin@example.com',
        action: 'testSaga',
        target: 'audited',
      }),
    ]);
  });

  it('undoes the external calls when the commit itself fails', async () => {
    const dataSource = t.app.get(DataSource);
    const runner = dataSource.createQueryRunner();
    const prototype = Object.getPrototypeOf(runner) as { commitTransaction(): Promise<void> };
    await runner.release();
    const commit = jest.spyOn(prototype, 'commitTransaction').mockRejectedValueOnce(new Error('commit lost'));
    try {
      const res = await saga(t.app, 'commit-fails', 'none');
      expect(res.status).toBe(500);
    } finally {
      commit.mockRestore();
    }
    expect(await tenantStatus(t.app, 'commit-fails')).toBe(404);
    expect(undoLog).toEqual(['b:commit-fails', 'a:commit-fails']);
    expect(remotes.a.records.size + remotes.b.records.size).toBe(0);
  });

  it('journals a failed undo as pending, shows it to system admins only, and retries it until it succeeds', async () => {
    remotes.a.failNextDeletes = 2;
    const res = await saga(t.app, 'undo-fails', 'afterSecondCall').set('x-request-id', 'req-undo-fails');
    expect(res.status).toBe(500);
    expect(remotes.a.records).toEqual(new Set(['undo-fails']));
    const pending = (await compensations(t.app, 'pending')).filter(
      (row) => row.requestId === 'req-undo-fails',
    );
    expect(pending).toEqual([
      expect.objectContaining({
        kind: 'test.remote.delete',
        status: 'pending',
        attempts: 1,
        lastError: 'remote unavailable while deleting undo-fails',
      }),
    ]);
    const tenantAdmin = await tenantUser(t.http, 'not-system', ['TENANT_ADMIN']);
    expect((await t.http.get('/api/v1/compensations').set('authorization', tenantAdmin.auth)).status).toBe(
      403,
    );

    const reconciler = t.app.get(CompensationReconciler);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // first backoff: 1 s
    await reconciler.tick(); // fails again (second injected failure)
    const retried = (await compensations(t.app, 'pending')).find((row) => row.requestId === 'req-undo-fails');
    expect(retried).toMatchObject({ attempts: 2 });
    await reconciler.tick(); // not due yet: backoff is now 2 s
    expect(remotes.a.deletes).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await reconciler.tick();
    expect(remotes.a.records.size).toBe(0);
    expect(
      (await compensations(t.app, 'pending')).filter((row) => row.requestId === 'req-undo-fails'),
    ).toEqual([]);
    expect(
      (await compensations(t.app, 'done')).filter((row) => row.requestId === 'req-undo-fails'),
    ).toHaveLength(2);
  });

  it('keeps concurrent transactions apart: 20 sagas at once, every other one failing, leave exactly the successful rows', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `parallel-${i}`);
    const results = await Promise.all(
      ids.map((id, i) => saga(t.app, id, i % 2 === 0 ? 'none' : 'afterSecondCall')),
    );
    expect(results.map((res) => res.status)).toEqual(ids.map((_, i) => (i % 2 === 0 ? 201 : 500)));
    const statuses = await Promise.all(ids.map((id) => tenantStatus(t.app, id)));
    expect(statuses).toEqual(ids.map((_, i) => (i % 2 === 0 ? 200 : 404)));
    const kept = ids.filter((_, i) => i % 2 === 0);
    expect([...remotes.a.records].sort()).toEqual([...kept].sort());
    expect([...remotes.b.records].sort()).toEqual([...kept].sort());
    expect(undoLog).toHaveLength(20);
  });
  it('never loses a write that committed while another transaction was open and then rolled back', async () => {
    const reached = new Promise<void>((resolve) => (gate.reached = resolve));
    const slow = saga(t.app, 'slow-fails', 'hang').then((res) => res);
    await reached;
    const other = t.http
      .post('/api/v1/tenants')
      .set('authorization', ADMIN_AUTH)
      .send({ id: 'meanwhile', name: 'Meanwhile' })
      .then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 100));
    gate.release?.(new Error('slow request fails after the other one started'));
    expect((await slow).status).toBe(500);
    expect((await other).status).toBe(201);
    expect(await tenantStatus(t.app, 'meanwhile')).toBe(200);
    expect(await tenantStatus(t.app, 'slow-fails')).toBe(404);
  });
});

describe('transaction + compensation: a request that dies between its external calls and its commit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(MANUAL_RECONCILER, [SagaFixtureModule]);
  });
  afterAll(() => t.close().catch(() => undefined)); // the crashed instance's database handle is gone
  beforeEach(resetRemotes);

  it('is recovered by the reconciler of another instance: remote records undone, no row', async () => {
    const survivor = await t.startAnotherInstance({
      ...MANUAL_RECONCILER,
      COMPENSATION_ORPHAN_AFTER_MS: '1000',
    });
    const reached = new Promise<void>((resolve) => (gate.reached = resolve));
    const response = saga(t.app, 'crashed', 'hang')
      .set('x-request-id', 'req-crashed')
      .then((res) => res);
    await reached;
    expect([...remotes.a.records, ...remotes.b.records]).toEqual(['crashed', 'crashed']);

    // The crash: the dying instance's transaction is gone, as if its process had been killed.
    if (onMysql()) {
      const admin = await serverConnection();
      await admin.query(`KILL ${gate.connectionId}`);
      await admin.end();
    } else {
      (
        t.app.get(DataSource).driver as unknown as { databaseConnection: { close(): void } }
      ).databaseConnection.close();
    }

    await new Promise((resolve) => setTimeout(resolve, 1100)); // past COMPENSATION_ORPHAN_AFTER_MS
    await survivor.get(CompensationReconciler).tick();
    expect(undoLog).toEqual(expect.arrayContaining(['a:crashed', 'b:crashed']));
    expect(remotes.a.records.size + remotes.b.records.size).toBe(0);
    expect(await tenantStatus(survivor, 'crashed')).toBe(404);
    const done = (await compensations(survivor, 'done')).filter((row) => row.requestId === 'req-crashed');
    expect(done).toHaveLength(2);

    gate.release?.(); // the zombie request wakes up: it must not commit
    // Its database connection is gone (killed, or the handle closed): an outage, not a bug.
    expect((await response).status).toBe(503);
    expect(await tenantStatus(survivor, 'crashed')).toBe(404);
  });
});
