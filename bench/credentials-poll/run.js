// bench/credentials-poll: Cumulocity's bootstrap poll (POST /devicecontrol/deviceCredentials) of a fleet
// registered and waiting for acceptance: every poll is counted on its request's row (the brute-force
// rule) and answered 404. The app against the raw Fastify + mysql2 server (bench/raw-server.js) making
// the same statements, as negotiate runs its pair, on MySQL.
// Usage: npm run build && DATABASE_URL=mysql://root@127.0.0.1:3306/gateway node bench/credentials-poll/run.js
// BENCH_DEVICES=20000 BENCH_SECONDS=10 BENCH_CONNECTIONS=16 BENCH_ROUNDS=5 BENCH_WARMUP_SECONDS=10
const { join } = require('node:path');
const { withAppAndRaw } = require('../bench-app');
const { measurePair, printSummary, reportPair } = require('../bench-compare');
const { numbersBelow } = require('../bench-database');
const { basic, http } = require('../bench-http');

const DEVICES = Number(process.env.BENCH_DEVICES ?? 20_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ADMIN = { email: 'admin@example.com', password: 'bench-admin-pass' };
const BOOTSTRAP = { email: 'bootstrap@fleet.test', password: 'bench-password-2' };
const MEDIA_TYPE = 'application/vnd.com.nsn.cumulocity.deviceCredentials+json';

function main() {
  return withAppAndRaw(ADMIN.password, async ({ database, app, startRaw }) => {
    await http(app.port, 'POST', '/api/v1/tenants', basic(ADMIN), { id: 'fleet', name: 'Fleet' });
    await http(app.port, 'POST', '/api/v1/tenants/fleet/users', basic(ADMIN), {
      ...BOOTSTRAP,
      roles: ['ROLE_DEVICE_BOOTSTRAP'],
    });
    const connection = await database.connect();
    await connection.query(
      `INSERT INTO new_device_requests (tenant_id, device_key, device_id, status, owner, creation_time, poll_count)
       SELECT 'fleet', SHA2(CONCAT('imei-', n), 256), CONCAT('imei-', n), 'PENDING_ACCEPTANCE', 'admin@fleet.test', NOW(3), 0
       FROM ${numbersBelow(DEVICES)} numbers WHERE n < ?`,
      [DEVICES],
    );
    const raw = await startRaw(join(__dirname, '..', 'raw-server.js'));

    const pair = {
      name: 'bootstrap poll',
      app: { server: app, options: polls(app.port) },
      raw: { server: raw, options: polls(raw.port) },
    };
    const measured = await measurePair(pair, { rounds: ROUNDS, meetRate: 200 });
    // A request past NEW_DEVICE_REQUEST_MAX_POLLS in a window would be BLOCKED, and its polls no longer
    // written: the two servers would no longer do the same work. The fleet is sized so none is.
    const [[{ blocked }]] = await connection.query(
      "SELECT COUNT(*) AS blocked FROM new_device_requests WHERE status <> 'PENDING_ACCEPTANCE'",
    );
    await connection.end();
    if (Number(blocked) > 0)
      throw new Error(`${blocked} requests left PENDING_ACCEPTANCE: raise BENCH_DEVICES`);
    console.log(
      `\nbootstrap poll of a waiting device (counted, 404), ${DEVICES} devices, ${CONNECTIONS} connections, ` +
        `${DURATION} s a run, ${ROUNDS} rounds`,
    );
    printSummary(measured, 60);
    reportPair('POST devicecontrol/deviceCredentials (404, counted)', measured);
  });
}

/** Load options for `port`: every device of the fleet polls in turn with the bootstrap user. */
function polls(port) {
  let next = 0;
  return {
    url: `http://127.0.0.1:${port}/devicecontrol/deviceCredentials`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { 'content-type': MEDIA_TYPE, accept: MEDIA_TYPE, authorization: basic(BOOTSTRAP) },
    requests: [{ setupRequest: (request) => ({ ...request, body: `{"id":"imei-${next++ % DEVICES}"}` }) }],
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
