import { DataSource } from 'typeorm';
import { type FailureMode, FakeProvisioningServer } from './support/fake-provisioning-server';
import { ADMIN_AUTH, startTestApp, type TestApp, tenantUser } from './support/test-app';

const CREATES = 240;
const WORKERS = 8;
const BASE = '/api/v1/tenants/chaos/groups/g/advanced_access_devices/';

/** A small seeded generator: a failing run can be replayed with its seed. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PUT_FAILURES: FailureMode[] = ['status500', 'timeout', 'reset', 'vendorError'];

/**
 * Fault injection: hundreds of creates and MAC changes, in parallel, with random failures of either
 * server (including failing undos). At the end the table and both servers agree exactly.
 */
describe('APIO provisioning under random failures', () => {
  let t: TestApp;
  let admin: string;
  const redirect = new FakeProvisioningServer();
  const vendor = new FakeProvisioningServer();
  const seed = Number(process.env.FAULT_SEED ?? Date.now() % 100_000);
  const random = mulberry32(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];

  beforeAll(async () => {
    t = await startTestApp({ RECONCILER_INTERVAL_MS: '200' });
    redirect.hangMs = vendor.hangMs = 400;
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

  /** Maybe arms one failure: a PUT of either server, sometimes with a failing undo behind it. */
  function injectFailure(): void {
    const roll = random();
    if (roll < 0.4) return;
    const server = random() < 0.5 ? redirect : vendor;
    server.fail('PUT', pick(PUT_FAILURES));
    if (roll > 0.85) redirect.fail('DELETE', pick(['status500', 'reset']));
    if (roll > 0.95) vendor.fail('DELETE', 'status500');
  }

  async function inParallel(
    count: number,
    work: (index: number) => Promise<number>,
  ): Promise<Record<string, number>> {
    const outcomes: Record<string, number> = {};
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const status = await work(next++);
        outcomes[status] = (outcomes[status] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    return outcomes;
  }

  const mac = (n: number) => n.toString(16).toUpperCase().padStart(12, '0');

  it('ends with the table, the redirect server and the vendor server in exact agreement', async () => {
    const started = Date.now();
    const creates = await inParallel(CREATES, async (i) => {
      injectFailure();
      const response = await t.http
        .post(BASE)
        .set('authorization', admin)
        .send({ deviceName: `d${i}`, deviceType: 'Desk', macAddress: mac(0x100000 + i) });
      if (response.status !== 200) expect(response.body.errors[0].code).toBeGreaterThanOrEqual(31);
      return response.status;
    });
    const survivors = (await devices()).map((row) => row.device_name);
    const moves = await inParallel(survivors.length, async (i) => {
      injectFailure();
      const response = await t.http
        .put(`${BASE}${survivors[i]}/`)
        .set('authorization', admin)
        .send({ macAddress: mac(0x200000 + i) });
      return response.status;
    });
    const pending = await drainCompensations();
    const elapsed = Date.now() - started;

    const table = (await devices()).map((row) => row.mac_address).sort();
    expect(Object.keys(redirect.snapshot()).sort()).toEqual(table);
    expect(Object.keys(vendor.snapshot()).sort()).toEqual(table);
    expect(creates['200']).toBeGreaterThan(50);
    expect(creates['400']).toBeGreaterThan(50);
    expect(moves['400']).toBeGreaterThan(10);
    process.stdout.write(
      `fault injection (seed ${seed}): ${CREATES} creates ${JSON.stringify(creates)}, ${survivors.length} MAC changes ${JSON.stringify(moves)}, ` +
        `${pending.left} undos left to the reconciler, done after ${pending.ms} ms; ${table.length} devices, ` +
        `${redirect.calls.length} redirect and ${vendor.calls.length} vendor calls, ${elapsed} ms\n`,
    );
  }, 120_000);

  function devices() {
    return t.app
      .get(DataSource)
      .query<{ device_name: string; mac_address: string }[]>(
        "SELECT device_name, mac_address FROM access_devices WHERE tenant_id = 'chaos'",
      );
  }

  /** Waits until the reconciler has no undo left pending; says how many there were and how long it took. */
  async function drainCompensations(): Promise<{ left: number; ms: number }> {
    const started = Date.now();
    const pendingNow = async () =>
      (await t.http.get('/api/v1/compensations?status=pending&per_page=500').set('authorization', ADMIN_AUTH))
        .body as unknown[];
    const left = (await pendingNow()).length;
    while ((await pendingNow()).length > 0) {
      if (Date.now() - started > 30_000) throw new Error('undos still pending after 30 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return { left, ms: Date.now() - started };
  }
});
