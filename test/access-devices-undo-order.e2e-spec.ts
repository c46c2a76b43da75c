import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CompensationReconciler } from '../src/core/transaction/compensation-reconciler';
import { FakeProvisioningServer } from './support/fake-provisioning-server';
import { ADMIN_AUTH, startTestApp, type TestApp, tenantUser } from './support/test-app';
import { onMysql, serverConnection } from './support/test-database';

const MANUAL_RECONCILER = { RECONCILER_INTERVAL_MS: '3600000', COMPENSATION_ORPHAN_AFTER_MS: '1000' };
const BASE = '/api/v1/tenants/acme/groups/g/advanced_access_devices/';
const MAC = '0A0B0C0D0E0F';

/**
 * The two sequences of issue 9 where a late undo acted on a world it was not written for, replayed
 * step by step: a client retries at once, then the reconciler runs what was left to it.
 */
describe('APIO undo ordering: a late undo never undoes what a retry relies on', () => {
  let t: TestApp;
  let admin: string;
  let tenantAdmin: string;
  let vendorUrl: string;
  const redirect = new FakeProvisioningServer();
  const vendor = new FakeProvisioningServer();

  const create = (app: NestFastifyApplication, name: string) =>
    request(app.getHttpServer())
      .post(BASE)
      .set('authorization', admin)
      .send({ deviceName: name, deviceType: 'Desk', macAddress: MAC });
  const remove = (name: string) => t.http.delete(`${BASE}${name}/`).set('authorization', admin);
  const open = async (app: NestFastifyApplication) => {
    const rows: { status: string }[] = [];
    for (const status of ['armed', 'committing', 'pending'])
      rows.push(
        ...(
          await request(app.getHttpServer())
            .get(`/api/v1/compensations?status=${status}&per_page=500`)
            .set('authorization', ADMIN_AUTH)
        ).body,
      );
    return rows;
  };
  /** Past the first backoff (1 s), then one reconciler pass. */
  const reconcileLater = async (app: NestFastifyApplication) => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await app.get(CompensationReconciler).tick();
  };
  const recordOf = (server: FakeProvisioningServer) => server.records.get(MAC)?.document.deviceName;

  beforeAll(async () => {
    t = await startTestApp(MANUAL_RECONCILER);
    const [redirectUrl, vendorUrlStarted] = await Promise.all([redirect.start(), vendor.start()]);
    vendorUrl = vendorUrlStarted;
    tenantAdmin = (await tenantUser(t.http, 'acme', ['TENANT_ADMIN'])).auth;
    admin = (await tenantUser(t.http, 'acme', ['ACCESS_DEVICE_ADMIN'])).auth;
    for (const [name, baseUrl] of [
      ['redirect', redirectUrl],
      ['acme-vendor', vendorUrlStarted],
    ])
      await t.http
        .put(`/api/v1/tenants/acme/provisioning_servers/${name}/`)
        .set('authorization', tenantAdmin)
        .send({ baseUrl, timeoutMs: 300 });
    const phoneType = await t.http.post('/api/v1/phone_types/').set('authorization', tenantAdmin).send({
      name: 'Desk',
      numberOfPorts: 2,
      redirect: true,
      vendorServer: 'acme-vendor',
      hiddenCredentials: true,
    });
    expect(phoneType.status).toBe(200);
  });

  afterAll(async () => {
    await Promise.all([redirect.stop(), vendor.stop()]);
    await t?.close().catch(() => undefined); // the last test crashed the first instance's database handle
  });

  beforeEach(async () => {
    redirect.reset();
    vendor.reset();
    for (const name of ['first', 'retry', 'kept']) await remove(name);
    redirect.hangMs = vendor.hangMs = 600;
  });

  it('a create that timed out after the vendor stored the record, with a failed rollback: the retry keeps its record', async () => {
    vendor.fail('PUT', 'timeout'); // stored, answered too late
    vendor.fail('DELETE', 'status500'); // the rollback fails: left to the reconciler

    const first = await create(t.app, 'first');
    expect(first.status).toBe(400);
    expect(first.body.errors[0]).toMatchObject({
      code: 32,
      details: { system: 'vendor', action: 'inserting' },
    });
    expect(recordOf(vendor)).toBe('first');

    const retry = await create(t.app, 'retry');
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ deviceName: 'retry', macAddress: MAC });

    await reconcileLater(t.app);
    expect(recordOf(vendor)).toBe('retry');
    expect(recordOf(redirect)).toBe('retry');
    expect(await open(t.app)).toEqual([]);
  });

  it('a retry that cannot settle the earlier undo fails cleanly, and the next retry succeeds', async () => {
    vendor.fail('PUT', 'timeout');
    vendor.fail('DELETE', 'status500', 2); // the rollback, then the retry's settlement of it

    expect((await create(t.app, 'first')).status).toBe(400);
    const blocked = await create(t.app, 'retry');
    expect(blocked.status).toBe(400);
    expect(blocked.body.errors[0]).toMatchObject({
      code: 31,
      sub_code: 500,
      message: expect.stringMatching(/^Phone Provisioning Server .*earlier change/),
      details: { system: 'vendor', server: 'acme-vendor', action: 'undoing an earlier change' },
    });
    expect(recordOf(vendor)).toBe('first'); // nothing of the blocked retry was done
    expect(vendor.calls.filter((call) => call.startsWith('PUT'))).toHaveLength(1);

    expect((await create(t.app, 'retry')).status).toBe(200);
    await reconcileLater(t.app);
    expect(recordOf(vendor)).toBe('retry');
    expect(await open(t.app)).toEqual([]);
  });

  it('a delete whose redirect step failed and whose restore failed: the retried delete leaves nothing to resurrect', async () => {
    expect((await create(t.app, 'kept')).status).toBe(200);
    redirect.fail('DELETE', 'status500'); // the redirect step fails
    vendor.fail('PUT', 'status500'); // and so does the restore of the vendor record

    const first = await remove('kept');
    expect(first.status).toBe(400);
    expect(first.body.errors[0]).toMatchObject({ code: 33, details: { action: 'removing' } });
    expect(vendor.records.has(MAC)).toBe(false);

    const retry = await remove('kept');
    expect(retry.status).toBe(200);
    await reconcileLater(t.app);
    expect(vendor.records.has(MAC)).toBe(false);
    expect(redirect.records.has(MAC)).toBe(false);
    expect(await open(t.app)).toEqual([]);
  });

  it('a MAC change whose old-MAC removal failed: the retried change leaves no record for the old MAC', async () => {
    expect((await create(t.app, 'kept')).status).toBe(200);
    redirect.fail('DELETE', 'status500'); // removing the old MAC from the redirect server fails
    vendor.fail('PUT', 'status500'); // and so does the restore of the old vendor record
    const move = () =>
      t.http.put(`${BASE}kept/`).set('authorization', admin).send({ macAddress: '0A0B0C0D0E10' });

    expect((await move()).status).toBe(400);
    expect((await move()).status).toBe(200);
    await reconcileLater(t.app);
    expect(Object.keys(vendor.snapshot())).toEqual(['0A0B0C0D0E10']);
    expect(Object.keys(redirect.snapshot())).toEqual(['0A0B0C0D0E10']);
    expect(await open(t.app)).toEqual([]);
  });

  it('a request that died after storing the records: its undos, still armed, never remove what the retry relies on', async () => {
    const survivor = await t.startAnotherInstance(MANUAL_RECONCILER);
    await t.http
      .put('/api/v1/tenants/acme/provisioning_servers/acme-vendor/')
      .set('authorization', tenantAdmin)
      .send({ baseUrl: vendorUrl, timeoutMs: 5000 });
    const held = vendor.holdNext('PUT'); // stored at once, answered when released: the request is open when it dies
    const dying = create(t.app, 'first').then((response) => response);
    await held.reached;

    await killTransactions(t.app);
    const retry = await create(survivor, 'retry');
    expect(retry.status).toBe(200);
    await reconcileLater(survivor);
    expect(recordOf(vendor)).toBe('retry');
    expect(recordOf(redirect)).toBe('retry');
    held.release();
    await dying; // the zombie wakes up: whatever it does, it must not undo the retry's records
    await reconcileLater(survivor);
    expect(recordOf(vendor)).toBe('retry');
    expect(recordOf(redirect)).toBe('retry');
    expect(await open(survivor)).toEqual([]);
  });

  /** The crash: the instance's open transactions are gone, as if its process had been killed. */
  async function killTransactions(app: NestFastifyApplication): Promise<void> {
    if (!onMysql()) {
      (
        app.get(DataSource).driver as unknown as { databaseConnection: { close(): void } }
      ).databaseConnection.close();
      return;
    }
    const [{ db }] = await app.get(DataSource).query<{ db: string }[]>('SELECT DATABASE() AS db');
    const admin = await serverConnection();
    // Only this test database's transactions (PROCESS privilege): the server may serve other tests meanwhile.
    const [rows] = await admin.query(
      `SELECT trx_mysql_thread_id AS id FROM information_schema.INNODB_TRX
       WHERE trx_mysql_thread_id IN (SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ?)`,
      [db],
    );
    for (const { id } of rows as { id: number }[]) await admin.query(`KILL ${id}`);
    await admin.end();
  }
});
