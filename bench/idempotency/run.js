// bench/idempotency: what Idempotency-Key costs on a create route. Cumulocity's POST
// /devicecontrol/newDeviceRequests (one row per call, a fresh id each time) on MySQL, through the app:
// without the header, with a fresh key on every call (claim, run, store the answer), and the same
// calls repeated with their keys (every answer a replay: one read, nothing run).
// Usage: npm run build && DATABASE_URL=mysql://root@127.0.0.1:3306/gateway node bench/idempotency/run.js
// BENCH_SECONDS (10), BENCH_CONNECTIONS (8), BENCH_ROUNDS (2), BENCH_KEEP=1
const autocannon = require('autocannon');
const { startBenchApp } = require('../bench-app');
const { stop, usage } = require('../bench-process');
const { report } = require('../bench-report');
const { createBenchDatabase } = require('../bench-database');
const { basic, http, summarize } = require('../bench-http');

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
let PORT; // the app's, once it listens
const ADMIN = { email: 'admin@example.com', password: 'bench-admin-pass' };
const CREATOR = { email: 'creator@fleet.test', password: 'bench-password-1' };
const PATH = '/devicecontrol/newDeviceRequests';

async function main() {
  const database = await createBenchDatabase();
  const app = await startBenchApp(database, ADMIN.password);
  PORT = app.port;
  try {
    await http(PORT, 'POST', '/api/v1/tenants', basic(ADMIN), { id: 'fleet', name: 'Fleet' });
    await http(PORT, 'POST', '/api/v1/tenants/fleet/users', basic(ADMIN), {
      ...CREATOR,
      roles: ['ROLE_DEVICE_CONTROL_ADMIN'],
    });
    // Alternated rounds: the machine's load drifts, so each pair is measured minutes apart at most.
    const counts = { plain: 0, keyed: 0 };
    const results = [];
    for (let round = 1; round <= ROUNDS; round++) {
      results.push(
        await measure(`without Idempotency-Key (${round})`, () => ({ id: `plain-${counts.plain++}` })),
      );
      results.push(
        await measure(`with a new key each call (${round})`, () => {
          const n = counts.keyed++;
          return { id: `keyed-${n}`, key: `key-${n}` };
        }),
      );
    }
    let replayed = 0;
    results.push(
      await measure('repeats of those calls (replays)', () => {
        const n = replayed++ % counts.keyed;
        return { id: `keyed-${n}`, key: `key-${n}` };
      }),
    );
    const connection = await database.connect();
    const [[{ created }]] = await connection.query(
      "SELECT COUNT(*) AS created FROM new_device_requests WHERE device_id LIKE 'keyed-%'",
    );
    const [[{ keys }]] = await connection.query('SELECT COUNT(*) AS `keys` FROM idempotency_keys');
    await connection.end();

    console.log(`\n${DURATION} s each, ${CONNECTIONS} connections, POST ${PATH}`);
    for (const r of results)
      console.log(
        `${r.name.padEnd(36)} ${String(r.rps).padStart(6)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms   unexpected ${r.errors}`,
      );
    console.log(`keyed creates: ${created} rows, ${keys} keys (replays created none)`);
    const rssMiB = Math.round((await usage(app)).rss / 1024 / 1024);
    report(results.map((r) => ({ route: `idempotency: create, ${r.name}`, app: { ...r, rssMiB } })));
  } finally {
    await stop(app);
    await database.drop();
  }
}

/** Sends `call()`'s device id (and key, if any) for DURATION seconds; only 201 is expected. */
async function measure(name, call) {
  let unexpected = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}${PATH}`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const { id, key } = call();
          const headers = {
            ...request.headers,
            authorization: basic(CREATOR),
            'content-type': 'application/json',
            accept: 'application/json',
            ...(key ? { 'idempotency-key': key } : {}),
          };
          return { ...request, headers, body: JSON.stringify({ id }) };
        },
      },
    ],
    setupClient: (client) => client.on('response', (status) => status !== 201 && unexpected++),
  });
  return { ...summarize(name, result), errors: unexpected + result.errors };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
