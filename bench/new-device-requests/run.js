// bench/new-device-requests: Cumulocity new device requests at fleet scale. Loads 1,000,000 requests
// into one tenant on MySQL, then measures through the app: page 1, page 10,000 reached by following
// `next` from page 1 (every link of the walk fetched, as a client would), the same page asked by number
// (offset), and the bootstrap poll's 404 for an unknown id; prints MySQL's plans of the cursor page and
// of the poll's lookup.
// Usage: npm run build && DATABASE_URL=mysql://root@127.0.0.1:3306/gateway node bench/new-device-requests/run.js
// BENCH_ROWS (1000000), BENCH_PAGE (10000), BENCH_PAGE_SIZE (100), BENCH_SECONDS (5), BENCH_KEEP=1
const autocannon = require('autocannon');
const { startBenchApp } = require('../bench-app');
const { stop } = require('../bench-process');
const { reportAppRuns } = require('../bench-report');
const { createBenchDatabase, numbersBelow } = require('../bench-database');
const { basic, http: call, summarize } = require('../bench-http');

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const PAGE = Number(process.env.BENCH_PAGE ?? 10_000);
const PAGE_SIZE = Number(process.env.BENCH_PAGE_SIZE ?? 100);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
let PORT; // the app's, once it listens
const ADMIN = { email: 'admin@example.com', password: 'bench-admin-pass' };
const READER = { email: 'reader@fleet.test', password: 'bench-password-1' };
const BOOTSTRAP = { email: 'bootstrap@fleet.test', password: 'bench-password-2' };

async function main() {
  const database = await createBenchDatabase();
  const app = await startBenchApp(database, ADMIN.password);
  PORT = app.port;
  try {
    await http('POST', '/api/v1/tenants', basic(ADMIN), { id: 'fleet', name: 'Fleet' });
    await http('POST', '/api/v1/tenants/fleet/users', basic(ADMIN), {
      ...READER,
      roles: ['ROLE_DEVICE_CONTROL_READ'],
    });
    await http('POST', '/api/v1/tenants/fleet/users', basic(ADMIN), {
      ...BOOTSTRAP,
      roles: ['ROLE_DEVICE_BOOTSTRAP'],
    });

    const connection = await database.connect();
    const loaded = Date.now();
    await load(connection);
    console.log(
      `loaded ${ROWS} requests in tenant "fleet" in ${((Date.now() - loaded) / 1000).toFixed(1)} s`,
    );

    const first = `/devicecontrol/newDeviceRequests?pageSize=${PAGE_SIZE}`;
    const walked = Date.now();
    const deep = await walk(first, PAGE);
    const walkSeconds = (Date.now() - walked) / 1000;
    console.log(
      `followed next to page ${PAGE} in ${walkSeconds.toFixed(1)} s (${((walkSeconds * 1000) / PAGE).toFixed(1)} ms a page)`,
    );

    const results = [
      await measure('page 1', 'GET', first, READER),
      await measure(`page ${PAGE}, the next link of page ${PAGE - 1}`, 'GET', deep, READER),
      await measure(`page ${PAGE} by currentPage (offset)`, 'GET', `${first}&currentPage=${PAGE}`, READER),
      await measure('poll, unknown id (404)', 'POST', '/devicecontrol/deviceCredentials', BOOTSTRAP, {
        id: 'not-registered',
      }),
    ];
    const after = Number(new URL(deep, 'http://x').searchParams.get('after'));
    const [pagePlan] = await connection.query(
      'EXPLAIN SELECT seq FROM new_device_requests WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ['fleet', after, PAGE_SIZE + 1],
    );
    const [pollPlan] = await connection.query(
      'EXPLAIN SELECT r.seq FROM new_device_requests r LEFT JOIN new_device_request_settings s ON s.tenant_id = r.tenant_id WHERE r.device_key = SHA2(?, 256)',
      ['not-registered'],
    );
    await connection.end();

    console.log(`\n${ROWS} requests in one tenant, pageSize ${PAGE_SIZE}, ${DURATION} s each, 4 connections`);
    for (const r of results)
      console.log(
        `${r.name.padEnd(40)} ${String(r.rps).padStart(6)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms   unexpected ${r.errors}`,
      );
    await reportAppRuns('new-device-requests', results, app);
    for (const [name, plan] of [
      ['cursor page', pagePlan],
      ['poll lookup', pollPlan],
    ]) {
      console.log(`\nplan of the ${name}:`);
      for (const row of plan)
        console.log(
          `  ${String(row.table).padEnd(6)} type=${row.type} key=${row.key} rows=${row.rows} ${row.Extra ?? ''}`,
        );
    }
  } finally {
    await stop(app);
    await database.drop();
  }
}

/** One INSERT ... SELECT, the rows a registration would write (device_key: SHA-256 hex of the id). */
async function load(connection) {
  await connection.query(
    `INSERT INTO new_device_requests (tenant_id, device_key, device_id, status, owner, creation_time, poll_count)
     SELECT 'fleet', SHA2(CONCAT('imei-', n), 256), CONCAT('imei-', n),
            IF(n % 3 = 0, 'PENDING_ACCEPTANCE', 'WAITING_FOR_CONNECTION'), 'admin@fleet.test', NOW(3), 0
     FROM ${numbersBelow(ROWS)} numbers WHERE n < ? ORDER BY n`,
    [ROWS],
  );
  await connection.query('ANALYZE TABLE new_device_requests');
}

/** Follows `next` from `path` to page `page`; answers the path of that page's link. */
async function walk(path, page) {
  let current = path;
  for (let n = 1; n < page; n++) {
    const res = await fetch(`http://127.0.0.1:${PORT}${current}`, {
      headers: { authorization: basic(READER), accept: 'application/json' },
    });
    if (res.status !== 200) throw new Error(`page ${n}: ${res.status} ${await res.text()}`);
    const next = new URL((await res.json()).next);
    current = `${next.pathname}${next.search}`;
  }
  return current;
}

/** 404 is the expected answer of the poll: only other statuses count as unexpected. */
async function measure(name, method, path, user, body) {
  const expected = method === 'POST' ? 404 : 200;
  let unexpected = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}${path}`,
    method,
    connections: 4,
    duration: DURATION,
    headers: { authorization: basic(user), 'content-type': 'application/json', accept: 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
    setupClient: (client) => client.on('response', (status) => status !== expected && unexpected++),
  });
  return { ...summarize(name, result), errors: unexpected + result.errors };
}

const http = (method, path, authorization, body) => call(PORT, method, path, authorization, body);

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
