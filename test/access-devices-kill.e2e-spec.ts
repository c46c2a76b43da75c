import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { RUNTIME_FLAGS } from '../src/core/runtime/garbage-collection';
import { type FailureMode, FakeProvisioningServer } from './support/fake-provisioning-server';
import { agreement, counts, mulberry32, runWorkload, type Send } from './support/provisioning-workload';
import { ADMIN_AUTH, basic, instanceEnv } from './support/test-app';
import { createTestDatabase, onMysql } from './support/test-database';

const ROOT = join(__dirname, '..');
const INTERVAL_MS = 500;
const KILLS = 6;
const WORKERS = 6;
const OPERATIONS_PER_WORKER = 70;
const BASE = '/api/v1/tenants/crash/groups/g/advanced_access_devices/';
const FAULTS: FailureMode[] = ['vendor500', 'timeout', 'reset'];
const PASSWORD = 'user-password-123';
const USER = basic('devices@crash.test', PASSWORD);

/** One instance of the service as its own process (`node dist/src/main.js`), killed with SIGKILL. */
class Instance {
  private process: ChildProcess | undefined;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = spawn(process.execPath, [...RUNTIME_FLAGS, join(ROOT, 'dist', 'src', 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: 'ignore',
    });
    const started = Date.now();
    for (;;) {
      const ready = await fetch(`${this.url}/health/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return;
      const { exitCode } = this.process;
      if (exitCode !== null)
        throw new Error(`instance on ${this.port} exited (${exitCode}) before it was ready`);
      if (Date.now() - started > 60_000) throw new Error(`instance on ${this.port} not ready after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** SIGKILL: no shutdown hook, no rollback by the process; the database sees the connection drop. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

const cases = onMysql() ? [1, 2] : [1];

/**
 * The service killed (SIGKILL) 6 times and restarted while clients create, move and delete devices,
 * retrying at once, with faults on a quarter of the calls: at the end both servers hold exactly the
 * service's devices, and what a killed process left (armed undos, claims) is settled within a few
 * reconciler intervals. Two instances share the database on MySQL/MariaDB only: an SQLite file has
 * one process writing it, so there the one-instance case runs.
 */
describe('APIO provisioning with the service killed and restarted mid-workload', () => {
  const redirect = new FakeProvisioningServer();
  const vendor = new FakeProvisioningServer();
  let redirectUrl: string;
  let vendorUrl: string;

  beforeAll(async () => {
    execFileSync(process.execPath, [join('scripts', 'build-if-needed.js')], { cwd: ROOT, stdio: 'ignore' });
    [redirectUrl, vendorUrl] = await Promise.all([redirect.start(), vendor.start()]);
    redirect.hangMs = vendor.hangMs = 300;
  }, 300_000);

  afterAll(async () => {
    await Promise.all([redirect.stop(), vendor.stop()]);
  });

  it.each(cases)(
    '%i instance(s): no orphan, none missing or overwritten, nothing left; a killed process holds nothing for long',
    async (count) => {
      redirect.reset();
      vendor.reset();
      const database = await createTestDatabase();
      const seed = Number(process.env.FAULT_SEED ?? Date.now() % 100_000);
      const random = mulberry32(seed);
      const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
      const env = { ...instanceEnv(database), RECONCILER_INTERVAL_MS: String(INTERVAL_MS) };
      const instances = Array.from(
        { length: count },
        // Fixed ports, so a restarted instance answers where its clients call; below Linux's ephemeral range
        // (32768-60999), where a client socket of a parallel test could hold the port when it starts.
        (_, i) => new Instance(20_000 + (seed % 1000) * 4 + i, env),
      );
      try {
        for (const instance of instances) await instance.start();
        await setUp(instances[0]);
        let turn = 0;
        const send: Send = async (method, path, body) => {
          const instance = instances[turn++ % instances.length];
          const response = await fetch(`${instance.url}${path}`, {
            method,
            headers: { authorization: USER, 'content-type': 'application/json' },
            body: body ? JSON.stringify(body) : undefined,
          });
          const text = await response.text();
          return { status: response.status, body: text ? JSON.parse(text) : {} };
        };

        const total = WORKERS * OPERATIONS_PER_WORKER;
        let done = 0;
        const workload = runWorkload({
          send,
          base: BASE,
          deviceType: 'Desk',
          random,
          workers: WORKERS,
          operationsPerWorker: OPERATIONS_PER_WORKER,
          beforeCall: () => {
            if (random() < 0.25)
              pick([redirect, vendor]).fail(random() < 0.6 ? 'PUT' : 'DELETE', pick(FAULTS));
          },
          onOperation: (operations) => (done = operations),
          unreachableDelayMs: 250,
        });
        const restarts: number[] = [];
        const pickups: Promise<number>[] = [];
        for (let kill = 1; kill <= KILLS; kill += 1) {
          while (done < (kill * total) / (KILLS + 1)) await new Promise((resolve) => setTimeout(resolve, 50));
          const victim = instances[kill % instances.length];
          await victim.kill();
          const down = Date.now();
          const survivor = instances.find((instance) => instance !== victim);
          if (survivor) pickups.push(pickedUp(survivor));
          await victim.start();
          restarts.push(Date.now() - down);
          if (!survivor) pickups.push(pickedUp(victim));
        }
        const result = await workload;
        const waits = await Promise.all(pickups);
        redirect.heal();
        vendor.heal();
        const drain = await drained(instances[0], seed);
        const found = agreement(await devices(instances[0]), { redirect, vendor }, result.released);
        process.stdout.write(
          `kill test, ${count} instance(s) (seed ${seed}): ${KILLS} SIGKILLs (restarts ${restarts.join('/')} ms), ` +
            `${result.operations} operations in ${result.calls} calls ${JSON.stringify(result.outcomes)}, ` +
            `${redirect.injected + vendor.injected} faults, ${result.ms} ms; ${drain.left} undos open at the end, ` +
            `none after ${drain.ms} ms; what each killed process left was picked up after ${waits.join('/')} ms ` +
            `(reconciler every ${INTERVAL_MS} ms); ${counts(found)}\n`,
        );
        expect(found).toEqual({ orphans: [], missing: [], resurrected: [], overwritten: [] });
        expect(result.operations).toBeGreaterThanOrEqual(400);
        expect(drain.ms).toBeLessThan(5000);
        expect(Math.max(...waits)).toBeLessThan(10 * INTERVAL_MS);
      } finally {
        for (const instance of instances) await instance.kill();
        await database.drop();
      }
    },
    300_000,
  );

  async function setUp(instance: Instance): Promise<void> {
    const call = async (method: string, path: string, auth: string, body: object) => {
      const response = await fetch(`${instance.url}${path}`, {
        method,
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status >= 300)
        throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    };
    await call('POST', '/api/v1/tenants', ADMIN_AUTH, { id: 'crash', name: 'crash' });
    await call('POST', '/api/v1/tenants/crash/users', ADMIN_AUTH, {
      email: 'devices@crash.test',
      password: PASSWORD,
      roles: ['ACCESS_DEVICE_ADMIN', 'TENANT_ADMIN'],
    });
    for (const [name, baseUrl] of [
      ['redirect', redirectUrl],
      ['acme-vendor', vendorUrl],
    ])
      await call('PUT', `/api/v1/tenants/crash/provisioning_servers/${name}/`, USER, {
        baseUrl,
        timeoutMs: 150,
        requestsPerSecond: 10_000,
      });
    await call('POST', '/api/v1/phone_types/', USER, {
      name: 'Desk',
      numberOfPorts: 2,
      redirect: true,
      vendorServer: 'acme-vendor',
      hiddenCredentials: true,
    });
  }

  interface OpenUndo {
    id: number;
    status: string;
    updatedAt: string;
    nextAttemptAt: string;
  }
  const openUndos = async (instance: Instance) => {
    const rows: OpenUndo[] = [];
    for (const status of ['armed', 'committing', 'pending']) {
      const response = await fetch(`${instance.url}/api/v1/compensations?status=${status}&per_page=500`, {
        headers: { authorization: ADMIN_AUTH },
      });
      rows.push(...((await response.json()) as typeof rows));
    }
    return rows;
  };

  /**
   * How long until every undo open now and due (what the killed process left: armed undos of its
   * requests, pending undos its reconciler had claimed) has been picked up: settled, or run again.
   * A pending undo still in its backoff waits for that, not for a claim: it is not counted.
   */
  async function pickedUp(instance: Instance): Promise<number> {
    const started = Date.now();
    const due = (row: OpenUndo) => row.status !== 'pending' || Date.parse(row.nextAttemptAt) <= started;
    const waiting = new Map((await openUndos(instance)).filter(due).map((row) => [row.id, row.updatedAt]));
    while (waiting.size > 0 && Date.now() - started < 60_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const rows = await openUndos(instance).catch(() => undefined); // undefined: it is being restarted
      const open = new Map(rows?.map((row) => [row.id, row.updatedAt]));
      if (rows) for (const [id, updatedAt] of waiting) if (open.get(id) !== updatedAt) waiting.delete(id);
    }
    return Date.now() - started;
  }

  /**
   * Waits until no undo is armed, committing or pending; how many there were, and how long it took.
   * Past 60 s it fails with the run's seed (FAULT_SEED replays its workload) and the undos still open.
   */
  async function drained(instance: Instance, seed: number): Promise<{ left: number; ms: number }> {
    const started = Date.now();
    const left = (await openUndos(instance)).length;
    for (let open = await openUndos(instance); open.length > 0; open = await openUndos(instance)) {
      if (Date.now() - started > 60_000)
        throw new Error(`seed ${seed}: undos still open after 60 s: ${JSON.stringify(open)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { left, ms: Date.now() - started };
  }

  /** The service's devices, as its list shows them. */
  async function devices(instance: Instance) {
    const response = await fetch(`${instance.url}${BASE}`, { headers: { authorization: USER } });
    const list = (await response.json()) as { access_devices: { deviceName: string; macAddress: string }[] };
    return list.access_devices.map((device) => ({
      device_name: device.deviceName,
      mac_address: device.macAddress || null,
    }));
  }
});
