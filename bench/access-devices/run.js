// bench/access-devices: the APIO list at group scale. Loads 5,000 access devices of 16 ports in one
// group (half of their ports used, 40,000 port rows) on MySQL, then measures the list plain, with
// include_available_ports (every free port of every device, computed by the database), with
// available_ports_for one device, and one device's details.
// Usage: DATABASE_URL=mysql://root@127.0.0.1:3306/gateway npm run build && node bench/access-devices/run.js
const autocannon = require('autocannon');
const { startBenchApp } = require('../bench-app');
const { stop } = require('../bench-process');
const { reportAppRuns } = require('../bench-report');
const { createBenchDatabase, numbersBelow } = require('../bench-database');
const { basic, http: call, summarize } = require('../bench-http');

const DEVICES = Number(process.env.BENCH_DEVICES ?? 5000);
const PORTS = 16;
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
let PORT; // the app's, once it listens
const ADMIN = { email: 'admin@example.com', password: 'bench-admin-pass' };
const USER = { email: 'operator@apio.test', password: 'bench-password-1' };
const BASE = '/api/v1/tenants/apio/groups/floor/advanced_access_devices/';
/** A device that exists whatever BENCH_DEVICES is. */
const ONE = `dev-${String(Math.floor(DEVICES / 4)).padStart(5, '0')}`;

async function main() {
  const database = await createBenchDatabase();
  const app = await startBenchApp(database, ADMIN.password);
  PORT = app.port;
  try {
    await http('POST', '/api/v1/tenants', basic(ADMIN), { id: 'apio', name: 'APIO' });
    await http('POST', '/api/v1/tenants/apio/users', basic(ADMIN), { ...USER, roles: ['TENANT_ADMIN'] });
    await http('POST', '/api/v1/phone_types/', basic(USER), { name: 'Desk', numberOfPorts: PORTS });

    const connection = await database.connect();
    const loaded = Date.now();
    await load(connection);
    console.log(
      `loaded ${DEVICES} devices and ${(DEVICES * PORTS) / 2} used ports in ${Date.now() - loaded} ms`,
    );
    await connection.end();

    const results = [
      await measure('list', BASE),
      await measure('list, include_available_ports', `${BASE}?include_available_ports=true`),
      await measure('list, available_ports_for one device', `${BASE}?available_ports_for=${ONE}`),
      await measure('one device, include_available_ports', `${BASE}${ONE}/?include_available_ports=true`),
    ];
    console.log(`\n${DEVICES} devices of ${PORTS} ports in the group, ${DURATION} s each, 4 connections`);
    for (const r of results)
      console.log(
        `${r.name.padEnd(40)} ${String(r.rps).padStart(6)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms   ${r.kb} KiB   errors ${r.errors}`,
      );
    await reportAppRuns('access-devices', results, app);
  } finally {
    await stop(app);
    await database.drop();
  }
}

/** Devices in one INSERT ... SELECT, then every other port of each one given to a user. */
async function load(connection) {
  await connection.query(
    `INSERT INTO access_devices (tenant_id, group_id, device_name, device_type, mac_address, status, version, net_address,
       number_of_ports, properties, user_name, secrets_sealed, created_at, updated_at)
     SELECT 'apio', 'floor', CONCAT('dev-', LPAD(n, 5, '0')), 'Desk', LPAD(HEX(n), 12, '0'), 'Online', '', '', ?,
       '{"protocol":"SIP 2.0","outboundProxyServerNetAddress":"","stunServerNetAddress":"","serialNumber":"","description":"","physicalLocation":"","transportProtocol":"Unspecified","useCustomUserNamePassword":false,"parameters":{}}',
       NULL, NULL, NOW(3), NOW(3)
     FROM ${numbersBelow(DEVICES)} numbers WHERE n < ?`,
    [PORTS, DEVICES],
  );
  await connection.query(
    `INSERT INTO access_device_ports (device_id, port, tenant_id, user_id, kind)
     SELECT d.id, p.n + 1, 'apio', CONCAT('user-', d.id, '-', p.n + 1), 'primary'
     FROM access_devices d JOIN ${numbersBelow(PORTS)} p ON p.n < ? AND (p.n + d.id) % 2 = 0 WHERE d.tenant_id = 'apio'`,
    [PORTS],
  );
  await connection.query('ANALYZE TABLE access_devices, access_device_ports');
}

async function measure(name, path) {
  const sample = await fetch(`http://127.0.0.1:${PORT}${path}`, { headers: { authorization: basic(USER) } });
  const kb = Math.round((await sample.arrayBuffer()).byteLength / 1024);
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}${path}`,
    connections: 4,
    duration: DURATION,
    headers: { authorization: basic(USER) },
  });
  return { ...summarize(name, result), kb };
}

const http = (method, path, authorization, body) => call(PORT, method, path, authorization, body);

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
