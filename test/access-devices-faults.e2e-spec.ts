import { DataSource } from 'typeorm';
import { JOURNAL_DATA_SOURCE } from '../src/core/transaction/tokens';
import { type FailureMode, FakeProvisioningServer } from './support/fake-provisioning-server';
import { agreement, counts, mulberry32, runWorkload, type Send } from './support/provisioning-workload';
import { ADMIN_AUTH, startTestApp, type TestApp, tenantUser } from './support/test-app';

const WORKERS = 8;
const OPERATIONS_PER_WORKER = 66;
const BASE = '/api/v1/tenants/chaos/groups/g/advanced_access_devices/';
const FAULTS: FailureMode[] = ['vendor500', 'status500', 'timeout', 'reset', 'vendorError'];

/**
 * Fault injection with clients that retry at once: creates, MAC changes and deletes in parallel, with
 * random failures of either server on about half the calls (a vendor's 500 with its body, an answer
 * after the timeout with the change applied, a reset connection), failing undos included. At the
 * end both servers hold exactly the service's devices: no orphan, none missing, nothing resurrected
 * or overwritten, no undo left.
 */
describe('APIO provisioning under random failures and immediate retries', () => {
  let t: TestApp;
  let admin: string;
  const redirect = new FakeProvisioningServer();
  const vendor = new FakeProvisioningServer();
  const seed = Number(process.env.FAULT_SEED ?? Date.now() % 100_000);
  const random = mulberry32(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];

  beforeAll(async () => {
    t = await startTestApp({ RECONCILER_INTERVAL_MS: '200' });
    redirect.hangMs = vendor.hangMs = 300;
    const [redirectUrl, vendorUrl] = await Promise.all([redirect.start(), vendor.start()]);
    const tenantAdmin = (await tenantUser(t.http, 'chaos', ['TENANT_ADMIN'])).auth;
    admin = (await tenantUser(t.http, 'chaos', ['ACCESS_DEVICE_ADMIN'])).auth;
    for (const [name, baseUrl] of [
      ['redirect', redirectUrl],
      ['acme-vendor', vendorUrl],
    ])
      await t.http
        .put(`/api/v1/tenants/chaos/provisioning_servers/${name}/`)
        .set('authorization', tenantAdmin)
        .send({ baseUrl, timeoutMs: 150, requestsPerSecond: 10_000 });
    await t.http.post('/api/v1/phone_types/').set('authorization', tenantAdmin).send({
      name: 'Desk',
      numberOfPorts: 2,
      redirect: true,
      vendorServer: 'acme-vendor',
      hiddenCredentials: true,
    });
  });

  afterAll(async () => {
    await Promise.all([redirect.stop(), vendor.stop()]);
    await t?.close();
  });

  /** Maybe arms one failure on either server, sometimes with a failing undo (or restore) behind it. */
  function injectFailure(): void {
    const roll = random();
    if (roll < 0.5) return;
    const server = random() < 0.5 ? redirect : vendor;
    server.fail(random() < 0.6 ? 'PUT' : 'DELETE', pick(FAULTS));
    if (roll > 0.8)
      pick([redirect, vendor]).fail(random() < 0.5 ? 'DELETE' : 'PUT', pick(['vendor500', 'reset']));
  }

  const send: Send = async (method, path, body) => {
    const call = t.http[
      method === 'GET' ? 'get' : method === 'POST' ? 'post' : method === 'PUT' ? 'put' : 'delete'
    ](path).set('authorization', admin);
    const response = await (body ? call.send(body) : call);
    return { status: response.status, body: response.body };
  };

  it('ends with the table and both servers in exact agreement, nothing left to undo', async () => {
    const workload = await runWorkload({
      send,
      base: BASE,
      deviceType: 'Desk',
      random,
      workers: WORKERS,
      operationsPerWorker: OPERATIONS_PER_WORKER,
      beforeCall: injectFailure,
    });
    const faults = redirect.injected + vendor.injected;
    const drain = await drainCompensations();
    const [{ attempts }] = await t.app
      .get<DataSource>(JOURNAL_DATA_SOURCE)
      .query<{ attempts: number | null }[]>('SELECT MAX(attempts) AS attempts FROM compensations');
    const devices = await t.app
      .get(DataSource)
      .query<{ device_name: string; mac_address: string | null }[]>(
        "SELECT device_name, mac_address FROM access_devices WHERE tenant_id = 'chaos'",
      );
    const found = agreement(devices, { redirect, vendor }, workload.released);
    process.stdout.write(
      `fault injection (seed ${seed}): ${workload.operations} operations in ${workload.calls} calls ` +
        `${JSON.stringify(workload.outcomes)}, ${faults} faults injected, ${workload.ms} ms; ` +
        `${drain.left} undos open at the end, none after ${drain.ms} ms (an undo took up to ${attempts ?? 0} attempts); ` +
        `${devices.length} devices; ${counts(found)}\n`,
    );

    expect(found).toEqual({ orphans: [], missing: [], resurrected: [], overwritten: [] });
    expect(workload.operations).toBeGreaterThanOrEqual(500);
    expect(faults).toBeGreaterThanOrEqual(300);
    expect(workload.outcomes['create 200']).toBeGreaterThan(50);
    expect(workload.outcomes['move 200']).toBeGreaterThan(50);
    expect(workload.outcomes['delete 200']).toBeGreaterThan(50);
  }, 300_000); // 33-52 s alone; a loaded 2-core machine (the whole suite in parallel) took over 120 s

  /**
   * Waits until no undo is armed, committing or pending; says how many there were and how long it took.
   * An undo that kept meeting injected failures waits out the reconciler's backoff (1, 2, 4, 8 s...): the
   * wait allows 30 s past the latest retry any open undo is scheduled for, then names those left.
   */
  async function drainCompensations(): Promise<{ left: number; ms: number }> {
    const started = Date.now();
    const open = async () => {
      const rows: { status: string; attempts: number; lastError: string | null; nextAttemptAt: string }[] =
        [];
      for (const status of ['armed', 'committing', 'pending'])
        rows.push(
          ...(
            await t.http
              .get(`/api/v1/compensations?status=${status}&per_page=500`)
              .set('authorization', ADMIN_AUTH)
          ).body,
        );
      return rows;
    };
    const left = (await open()).length;
    for (let rows = await open(); rows.length > 0; rows = await open()) {
      const lastRetry = Math.max(started, ...rows.map((row) => Date.parse(row.nextAttemptAt)));
      if (Date.now() > lastRetry + 30_000)
        throw new Error(`undos still open 30 s after their last retry was due: ${JSON.stringify(rows)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { left, ms: Date.now() - started };
  }
});
