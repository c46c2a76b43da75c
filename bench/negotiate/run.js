// bench/negotiate: the 304 path of configuration/negociate (a fleet polling with nothing to change),
// the app against a raw Fastify + mysql2 server running the same SQL, in the same run, on MySQL.
// Usage: DATABASE_URL=mysql://root@127.0.0.1:3306/gateway npm run build && node bench/negotiate/run.js
const { fork } = require('node:child_process');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { createBenchDatabase } = require('../bench-database');
const { seed, pollBodies, TENANT, USER } = require('./seed');

const DEVICES = Number(process.env.BENCH_DEVICES ?? 10_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

async function main() {
  const database = await createBenchDatabase();
  const env = { ...database.env, ADMIN_PASSWORD: 'bench-admin-pass' };

  const results = [];
  try {
    const app = await start('app-server.js', { ...env, PORT: '3811' }); // migrates the fresh database
    const connection = await database.connect();
    const seeded = Date.now();
    await seed(connection, DEVICES);
    console.log(`seeded ${DEVICES} devices in ${Date.now() - seeded} ms`);
    await connection.end();
    results.push(await load('app (NestJS + guards + validation + TypeORM)', 3811));
    app.kill('SIGINT');
    await new Promise((resolve) => app.once('exit', resolve));
    const raw = await start('raw-server.js', { ...env, PORT: '3812' });
    results.push(await load('raw Fastify + mysql2, same SQL', 3812));
    raw.kill('SIGINT');
    await new Promise((resolve) => raw.once('exit', resolve));
  } finally {
    await database.drop();
  }

  console.log(`\n304 path, ${DEVICES} devices, ${CONNECTIONS} connections, ${DURATION} s each`);
  for (const r of results)
    console.log(
      `${r.name.padEnd(48)} ${String(r.rps).padStart(7)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms   non-304: ${r.other}`,
    );
  console.log(`app / raw throughput: ${(results[0].rps / results[1].rps).toFixed(2)}`);
}

function start(script, env) {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, script), {
      env,
      stdio: 'inherit',
      execArgv: process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR ?? '/tmp/prof'}`] : [],
    });
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function load(name, port) {
  const bodies = pollBodies(DEVICES);
  let next = 0;
  const authorization = `Basic ${Buffer.from(`${USER.email}:${USER.password}`).toString('base64')}`;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/v1/tenant/${TENANT}/configuration/negociate`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { 'content-type': 'application/json', authorization },
    requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
  });
  const other = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => code !== '304')
    .reduce((sum, [, stats]) => sum + stats.count, 0);
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    other,
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
