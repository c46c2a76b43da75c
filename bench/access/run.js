// bench/access: the geolocation access decision (POST /api/mobile/geolocation/access) on MySQL with
// 10,000 areas and 100,000 users: the app's saturation next to a raw Fastify + mysql2 server making the
// same decision with the same SQL (raw-server.js), in the same run, then each one's latency at a fixed
// rate of half the app's saturation.
// Usage: npm run build && DATABASE_URL=mysql://root@127.0.0.1:3306/gateway node bench/access/run.js
// BENCH_SECONDS=10 BENCH_CONNECTIONS=16 BENCH_AREAS=10000 BENCH_USERS=100000 BENCH_KEEP=1
const { fork } = require('node:child_process');
const { loadavg } = require('node:os');
const { join } = require('node:path');
const jwt = require('jsonwebtoken');
const { startBenchApp } = require('../bench-app');
const { stop, usage, RUNTIME_FLAGS } = require('../bench-process');
const { report } = require('../bench-report');
const { createBenchDatabase } = require('../bench-database');
const { basic, http, summarize } = require('../bench-http');
const { fixedRate, runLoad } = require('../bench-paced');
const { seed, position, groupsOf, userId, TENANT, UUID, AREAS, USERS } = require('./seed');

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const CALLERS = 2000; // users with a token in the workload, spread over the 100,000
let APP_PORT; // the app's, once it listens
const RAW_PORT = Number(process.env.BENCH_PORT ?? 3872);
const ADMIN = { email: 'admin@example.com', password: 'bench-admin-pass' };

/** A seeded generator: the same workload for both servers. */
function random(seed) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** 3 in 4 by beacon (mostly an area of the caller's groups), 1 in 4 by GPS near an area. */
function workload(secret) {
  const next = random(42);
  const requests = [];
  for (let i = 0; i < 5000; i += 1) {
    const n = Math.floor(next() * CALLERS) * Math.floor(USERS / CALLERS);
    const token = jwt.sign({ sub: userId(n), tid: TENANT, typ: 'access', knd: 'user' }, secret, {
      algorithm: 'HS256',
      issuer: 'device-gateway',
      audience: 'device-gateway',
      expiresIn: 3600,
    });
    const own = next() < 0.9;
    const group = groupsOf(n)[Math.floor(next() * 3)];
    const area = own ? group * 10 + Math.floor(next() * 10) : Math.floor(next() * AREAS);
    const body =
      next() < 0.75
        ? { beacon: { uuid: UUID, major: Math.floor(area / 100), minor: area % 100 } }
        : {
            gps: {
              latitude: position(area).latitude + (next() - 0.5) * 0.003,
              longitude: position(area).longitude + (next() - 0.5) * 0.003,
            },
          };
    requests.push({ authorization: `Bearer ${token}`, body: JSON.stringify(body) });
  }
  return requests;
}

async function load(port, requests, rate) {
  let next = 0;
  const result = await runLoad({
    url: `http://127.0.0.1:${port}/api/mobile/geolocation/access`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION,
    ...(rate ? fixedRate(rate) : {}),
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const { authorization, body } = requests[next++ % requests.length];
          return { ...request, headers: { ...request.headers, authorization }, body };
        },
      },
    ],
  });
  return result;
}

function start(script, env) {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, script), { env, stdio: 'inherit', execArgv: [...RUNTIME_FLAGS] });
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

const load1 = () => loadavg()[0].toFixed(2);

async function main() {
  const database = await createBenchDatabase();
  const rows = [];
  try {
    const app = await startBenchApp(database, ADMIN.password); // migrates the fresh database
    APP_PORT = app.port;
    await http(APP_PORT, 'POST', '/api/v1/tenants', basic(ADMIN), { id: TENANT, name: 'Bench' });
    const connection = await database.connect();
    const seeded = Date.now();
    await seed(connection);
    console.log(`seeded ${AREAS} areas, ${USERS} users in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
    const [[decisions]] = await connection.query('SELECT COUNT(*) AS n FROM mobile_access_decisions');
    const requests = workload(database.env.JWT_SECRET);

    await load(APP_PORT, requests.slice(0, 200), undefined).catch(() => undefined); // warm-up (JIT, pools)
    const before = load1();
    const appSaturation = await load(APP_PORT, requests);
    rows.push({ ...summarize('app: saturation', appSaturation), load: before });
    const rate = Math.max(1, Math.round(appSaturation.requests.average / 2));
    rows.push({
      ...summarize(`app: fixed ${rate} req/s`, await load(APP_PORT, requests, rate)),
      load: load1(),
    });
    const rssMiB = Math.round((await usage(app)).rss / 1024 / 1024);
    await stop(app);

    const raw = await start('raw-server.js', { ...database.env, PORT: String(RAW_PORT) });
    await load(RAW_PORT, requests.slice(0, 200), undefined).catch(() => undefined);
    const rawBefore = load1();
    const rawSaturation = await load(RAW_PORT, requests);
    rows.push({ ...summarize('raw Fastify + mysql2: saturation', rawSaturation), load: rawBefore });
    rows.push({
      ...summarize(`raw: fixed ${rate} req/s`, await load(RAW_PORT, requests, rate)),
      load: load1(),
    });
    await stop(raw);

    const [outcomes] = await connection.query(
      'SELECT method, result, COUNT(*) AS n FROM mobile_access_decisions GROUP BY method, result ORDER BY method, result',
    );
    await connection.end();
    console.log(
      `\n${AREAS} areas, ${USERS} users, ${CONNECTIONS} connections, ${DURATION} s each (load = 1-min load average before)`,
    );
    for (const r of rows)
      console.log(
        `${r.name.padEnd(36)} ${String(r.rps).padStart(6)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms   errors ${r.errors}   load ${r.load}`,
      );
    console.log(`app / raw saturation: ${(rows[0].rps / rows[2].rps).toFixed(2)}`);
    report([
      { route: 'access: geolocation decision, saturation', app: { ...rows[0], rssMiB }, raw: rows[2] },
      { route: `access: ${rows[1].name.slice(5)}`, app: { ...rows[1], rssMiB }, raw: rows[3] },
    ]);
    console.log(
      `decisions audited (before the run: ${decisions.n}):`,
      outcomes.map((o) => `${o.method} ${o.result} ${o.n}`).join(', '),
    );
  } finally {
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
