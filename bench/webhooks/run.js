// bench/webhooks: how fast the outbox drains to a fast receiver. Loads events straight into the outbox
// (one INSERT ... SELECT, committed at once, as a burst of changes would leave them), then times the
// app's dispatcher until every one is delivered, signed, to a receiver in this process that verifies
// each signature and answers 204. Runs: one instance; two instances on the same database; and events
// crowded on a few resources, where per-resource order lets only one of each resource go at a time.
// Usage: DATABASE_URL=mysql://root@127.0.0.1:3306/gateway npm run build && node bench/webhooks/run.js
// BENCH_EVENTS (10000), BENCH_RESOURCES for the crowded run (20).
const { createServer } = require('node:http');
const { Webhook } = require('standardwebhooks');
const { startBenchApp } = require('../bench-app');
const { stop } = require('../bench-process');
const { report } = require('../bench-report');
const { createBenchDatabase, numbersBelow } = require('../bench-database');
const { basic, http: call } = require('../bench-http');

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const CROWDED_RESOURCES = Number(process.env.BENCH_RESOURCES ?? 20);
const PORTS = []; // the apps', once they listen
const ADMIN = { email: 'admin@example.com', password: 'bench-admin-pass' };
const TENANT_ADMIN = { email: 'hooks@fleet.test', password: 'bench-password-1' };
/** What a device event's body looks like (about 400 bytes). */
const DATA = JSON.stringify({
  Id: '6f1c1f36-6b0e-5b8e-9d53-0c2b1d1d2a10',
  DeviceIdentification: {
    SerialNumber: 'SN-000001',
    Manufacturer: 'acme',
    Model: 'bwc-2',
    CommonName: 'unit 1',
  },
  DeviceType: 'BodyWornCamera',
  Active: true,
  CreatedAt: '2026-12-01T10:00:00.000Z',
  UpdatedAt: '2026-12-01T10:00:00.000Z',
});

async function main() {
  const database = await createBenchDatabase();
  database.env.WEBHOOK_ALLOWED_NETWORKS = '127.0.0.1';
  const receiver = await startReceiver();
  const apps = [await startBenchApp(database, ADMIN.password)];
  PORTS.push(apps[0].port);
  const connection = await database.connect();
  try {
    await call(PORTS[0], 'POST', '/api/v1/tenants', basic(ADMIN), { id: 'fleet', name: 'Fleet' });
    await call(PORTS[0], 'POST', '/api/v1/tenants/fleet/users', basic(ADMIN), {
      ...TENANT_ADMIN,
      roles: ['TENANT_ADMIN'],
    });
    const endpoint = await call(PORTS[0], 'POST', '/api/v1/tenants/fleet/webhooks', basic(TENANT_ADMIN), {
      url: `http://127.0.0.1:${receiver.port}/hooks`,
      eventTypes: ['genetec.device.activated'],
    });
    receiver.verifier = new Webhook(endpoint.secret);

    const results = [];
    results.push(await drain('1 instance, every event its own resource', EVENTS, EVENTS));
    apps.push(await startBenchApp(database, ADMIN.password));
    PORTS.push(apps[1].port);
    results.push(await drain('2 instances, every event its own resource', EVENTS, EVENTS));
    results.push(await drain(`2 instances, ${CROWDED_RESOURCES} resources`, EVENTS / 5, CROWDED_RESOURCES));

    console.log(`\nfast receiver (verifies, answers 204), default WEBHOOK_* settings`);
    for (const r of results)
      console.log(
        `${r.name.padEnd(44)} ${String(r.events).padStart(6)} events in ${r.seconds.toFixed(1).padStart(5)} s  ${String(r.rate).padStart(5)} events/s  (receiver saw ${r.requests}, bad signatures ${r.rejected})`,
      );
    report(results.map((r) => ({ route: `webhooks: ${r.name}`, app: { rps: r.rate }, unit: 'events/s' })));
  } finally {
    for (const app of apps) await stop(app);
    await connection.end();
    receiver.server.close();
    await database.drop();
  }

  /** Loads `count` pending deliveries on `resources` resources, then times until all are delivered. */
  async function drain(name, count, resources) {
    await connection.query('DELETE FROM webhook_deliveries');
    receiver.requests = 0;
    receiver.rejected = 0;
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    const payload = (n) =>
      `CONCAT('{"type":"genetec.device.activated","timestamp":"2026-12-01T10:00:00.000Z","tenant":"fleet","requestId":"bench-', ${n}, '","data":', ?, '}')`;
    await connection.query(
      `INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, event_type, resource_key, payload, status,
         attempts, next_attempt_at, created_at)
       SELECT 'fleet', e.id, CONCAT('msg_bench_', numbers.n), 'genetec.device.activated',
         CONCAT('genetec.device/', MOD(numbers.n, ?)), ${payload('numbers.n')}, 'pending', 0, ?, ?
       FROM ${numbersBelow(count)} numbers CROSS JOIN webhook_endpoints e WHERE numbers.n < ?`,
      [resources, DATA, now, now, count],
    );
    const started = Date.now();
    for (;;) {
      const [[{ remaining }]] = await connection.query(
        "SELECT COUNT(*) AS remaining FROM webhook_deliveries WHERE status <> 'delivered'",
      );
      if (Number(remaining) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (Date.now() - started) / 1000;
    return {
      name,
      events: count,
      seconds,
      rate: Math.round(count / seconds),
      requests: receiver.requests,
      rejected: receiver.rejected,
    };
  }
}

/** An integrator's receiver: verifies the Standard Webhooks signature, answers 204. */
function startReceiver() {
  const receiver = { requests: 0, rejected: 0, verifier: undefined, port: 0, server: undefined };
  receiver.server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      receiver.requests += 1;
      try {
        receiver.verifier.verify(Buffer.concat(chunks).toString('utf8'), request.headers);
        response.writeHead(204).end();
      } catch {
        receiver.rejected += 1;
        response.writeHead(400).end();
      }
    });
  });
  return new Promise((resolve) =>
    receiver.server.listen(0, '127.0.0.1', () => {
      receiver.port = receiver.server.address().port;
      resolve(receiver);
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
