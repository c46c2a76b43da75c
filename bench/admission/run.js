// bench/admission: Mender auth sets at fleet scale. Loads 1,000,000 rows in bulk on MySQL (200,000 of
// them in the measured tenant, 80 % pending), then measures page 1, a page 100,000 rows deep and a
// status change through the app, and shows MySQL's plan for the deep page.
// Usage: DATABASE_URL=mysql://root@127.0.0.1:3306/gateway npm run build && node bench/admission/run.js
// BENCH_KEEP=1 keeps the <database>_bench database for a look at the plans.
const autocannon = require('autocannon');
const { startBenchApp } = require('../bench-app');
const { stop } = require('../bench-process');
const { reportAppRuns } = require('../bench-report');
const { createBenchDatabase, numbersBelow } = require('../bench-database');
const { basic, http: call, summarize } = require('../bench-http');

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const TENANT_ROWS = Number(process.env.BENCH_TENANT_ROWS ?? 200_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
let PORT; // the app's, once it listens
const ADMIN = { email: 'admin@example.com', password: 'bench-admin-pass' };
const USER = { email: 'operator@fleet.test', password: 'bench-password-1' };
const KEY =
  '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA87MH4iSjzJlVlRTne80OGfJuUQWKn1at0eIvkbDgjeg=\n-----END PUBLIC KEY-----\n';

async function main() {
  const database = await createBenchDatabase();
  const app = await startBenchApp(database, ADMIN.password);
  PORT = app.port;
  try {
    await http('POST', '/api/v1/tenants', basic(ADMIN), { id: 'fleet', name: 'Fleet' });
    await http('POST', '/api/v1/tenants/fleet/users', basic(ADMIN), { ...USER, roles: ['ADMISSION_ADMIN'] });

    const connection = await database.connect();
    const loaded = Date.now();
    await load(connection);
    console.log(
      `loaded ${ROWS} auth sets (${TENANT_ROWS} in tenant "fleet") in ${((Date.now() - loaded) / 1000).toFixed(1)} s`,
    );

    const depth = Math.min(100_000, Math.floor(TENANT_ROWS / 20) * 10); // within the pending rows
    const deepPage = depth / 10 + 1;
    const results = [
      await measure('page 1, status=pending', 'GET', '/devices?status=pending&per_page=10'),
      await measure(
        `page ${deepPage} (rows ${depth}..), status=pending, cold`,
        'GET',
        `/devices?status=pending&per_page=10&page=${deepPage}`,
      ),
      await measure(
        `page ${deepPage} (rows ${depth}..), no filter, cold`,
        'GET',
        `/devices?per_page=10&page=${deepPage}`,
      ),
      await measure(
        `page ${deepPage}, status=pending, following next`,
        'GET',
        `/devices?status=pending&per_page=10&page=${deepPage}`,
        `/devices?status=pending&per_page=10&page=${deepPage - 1}`,
      ),
      await measure('status change (accepted <-> rejected)', 'PUT', '/devices/:id/status'),
    ];
    const [plan] = await connection.query(
      'EXPLAIN SELECT a.id FROM auth_sets a JOIN (SELECT id FROM auth_sets WHERE tenant_id = ? AND status = ? ORDER BY id LIMIT 11 OFFSET ?) page_ids ON page_ids.id = a.id WHERE a.tenant_id = ?',
      ['fleet', 'pending', depth, 'fleet'],
    );
    await connection.end();

    console.log(`\n${ROWS} auth sets, ${TENANT_ROWS} in the tenant, ${DURATION} s each, 4 connections`);
    for (const r of results)
      console.log(
        `${r.name.padEnd(44)} ${String(r.rps).padStart(6)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms   errors ${r.errors}`,
      );
    await reportAppRuns('admission', results, app);
    console.log('\nplan of the deep page (deferred join):');
    for (const row of plan)
      console.log(
        `  ${row.table.padEnd(12)} type=${row.type} key=${row.key} rows=${row.rows} ${row.Extra ?? ''}`,
      );
  } finally {
    await stop(app);
    await database.drop();
  }
}

/** 1,000,000 rows in one INSERT ... SELECT. */
async function load(connection) {
  await connection.query(
    `INSERT INTO auth_sets (tenant_id, id, device_id, device_identity, attributes, pubkey, status, request_time)
     SELECT IF(n < ?, 'fleet', CONCAT('tenant-', n % 40)), CONCAT('set-', LPAD(n, 8, '0')), CONCAT('dev-', n),
            CONCAT('{"sn":"', n, '"}'), CONCAT('{"sn":"', n, '"}'), ?,
            CASE n % 10 WHEN 0 THEN 'accepted' WHEN 1 THEN 'rejected' ELSE 'pending' END, NOW(3)
     FROM ${numbersBelow(ROWS)} numbers WHERE n < ?`,
    [TENANT_ROWS, KEY, ROWS],
  );
  await connection.query('ANALYZE TABLE auth_sets');
}

/** `previous`: a page fetched once first, as a client following `next` links would have. */
async function measure(name, method, path, previous) {
  if (previous)
    await fetch(`http://127.0.0.1:${PORT}/api/management/v1/admission${previous}`, {
      headers: { authorization: basic(USER) },
    });
  let next = 0;
  const request =
    method === 'PUT'
      ? {
          setupRequest: (req) => {
            const i = next++;
            return {
              ...req,
              path: `/api/management/v1/admission/devices/set-${String((i * 7919) % 1000).padStart(8, '0')}/status`,
              body: JSON.stringify({ status: i % 2 ? 'accepted' : 'rejected' }),
            };
          },
        }
      : {};
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}/api/management/v1/admission${path}`,
    method,
    connections: 4,
    duration: DURATION,
    headers: { authorization: basic(USER), 'content-type': 'application/json' },
    requests: [request],
  });
  return summarize(name, result);
}

const http = (method, path, authorization, body) => call(PORT, method, path, authorization, body);

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
