// bench/negotiate: the 304 path of configuration/negociate (a fleet polling with nothing to change),
// the app against a raw Fastify + mysql2 server doing the same work, back to back, on MySQL.
// Usage: DATABASE_URL=mysql://root@127.0.0.1:3306/gateway npm run build && node bench/negotiate/run.js
const { join } = require('node:path');
const { startBenchApp } = require('../bench-app');
const { compareRounds, devicesPerCore, median, pacedPair, spread } = require('../bench-compare');
const { fixedRate, runLoad } = require('../bench-paced');
const { createBenchDatabase } = require('../bench-database');
const { startServer, stop } = require('../bench-process');
const { report } = require('../bench-report');
const { seed, pollBodies, pollLoad } = require('./seed');

const DEVICES = Number(process.env.BENCH_DEVICES ?? 10_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

async function main() {
  const database = await createBenchDatabase();
  const servers = [];
  try {
    const app = await startBenchApp(database, 'bench-admin-pass'); // migrates the fresh database
    servers.push(app);
    const connection = await database.connect();
    const seeded = Date.now();
    await seed(connection, DEVICES);
    console.log(`seeded ${DEVICES} devices in ${Date.now() - seeded} ms`);
    await connection.end();
    const raw = await startServer(join(__dirname, '..', 'raw-server.js'), { ...database.env, PORT: '0' });
    servers.push(raw);

    // Each server meets the paced client before anything is measured: its requests differ in shape from
    // autocannon's (other headers), and code optimized on autocannon's alone deoptimized on the paced
    // run's first requests (traced: routeHandler, the guard, the body parser; "wrong map").
    for (const server of [app, raw]) await runLoad({ ...poll(server.port), ...fixedRate(500), duration: 2 });
    const pair = {
      name: '304',
      app: { server: app, options: poll(app.port) },
      raw: { server: raw, options: poll(raw.port) },
    };
    const [runs] = await compareRounds(ROUNDS, [pair]);
    const saturation = median(runs.map((r) => r.app.rps));
    const rate = Math.max(1, Math.round(saturation / 2));
    const { app: half, raw: rawHalf } = await pacedPair(rate, pair);

    const appCpu = median(runs.map((r) => r.app.cpuMsPerRequest));
    const rawCpu = median(runs.map((r) => r.raw.cpuMsPerRequest));
    console.log(
      `\n304 path, ${DEVICES} devices, ${CONNECTIONS} connections, ${DURATION} s a run, ${ROUNDS} rounds`,
    );
    console.log(`app / raw throughput, median (min–max): ${spread(runs.map((r) => r.ratio))}`);
    console.log(`app / raw CPU per request, median (min–max): ${spread(runs.map((r) => r.cpuRatio))}`);
    console.log(
      `app p99 at half its saturation rate (${rate} req/s): ${half.p99} ms, raw's at that rate ` +
        `${rawHalf.p99} ms (longest stall of the app's event loop meanwhile: ${half.serverStallMs} ms, of the client's: ${half.clientStallMs} ms)`,
    );
    console.log(
      `devices polling every 60 s that one core serves (server CPU only): app ${devicesPerCore(appCpu)}, raw ${devicesPerCore(rawCpu)}`,
    );
    const last = runs[runs.length - 1];
    report([
      {
        route: 'POST configuration/negociate (304)',
        app: { rps: saturation, p50: last.app.p50, p99: last.app.p99, rssMiB: last.app.rssMiB },
        raw: { rps: median(runs.map((r) => r.raw.rps)) },
      },
    ]);
  } finally {
    for (const server of servers) await stop(server);
    await database.drop();
  }
}

const bodies = pollBodies(DEVICES);
const poll = (port) => pollLoad(port, bodies, { connections: CONNECTIONS, duration: DURATION });

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
