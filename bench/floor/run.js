// bench/floor: what the framework costs on the smallest requests, app against raw Fastify, back to
// back: GET /health/live (public, no database) and GET /bench/noop (authenticated: the Basic user
// lookup and the cached password check, then {}; the app's route is mounted by bench/app-server.js).
// The figure that matters is the server's CPU time per request, app / raw (goal: at most 1.5).
// Usage: DATABASE_URL=mysql://root@127.0.0.1:3306/gateway npm run build && node bench/floor/run.js
const { join } = require('node:path');
const { basic } = require('../bench-http');
const { startBenchApp } = require('../bench-app');
const { compareRounds, median, spread } = require('../bench-compare');
const { createBenchDatabase } = require('../bench-database');
const { startServer, stop } = require('../bench-process');
const { report } = require('../bench-report');

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ADMIN = { email: 'admin@example.com', password: 'bench-admin-pass' };

async function main() {
  const database = await createBenchDatabase();
  const servers = [];
  try {
    const app = await startBenchApp(database, ADMIN.password);
    servers.push(app);
    const raw = await startServer(join(__dirname, '..', 'raw-server.js'), { ...database.env, PORT: '0' });
    servers.push(raw);
    const target = (server, path) => ({
      server,
      options: {
        url: `http://127.0.0.1:${server.port}${path}`,
        connections: CONNECTIONS,
        duration: DURATION,
        headers: { authorization: basic(ADMIN) },
      },
    });
    const routes = [
      { name: 'GET /health/live', path: '/health/live' },
      { name: 'GET /bench/noop (Basic)', path: '/bench/noop' },
    ];
    const results = await compareRounds(
      ROUNDS,
      routes.map(({ name, path }) => ({
        name,
        app: target(app, path),
        raw: target(raw, path),
      })),
    );
    console.log(`\n${CONNECTIONS} connections, ${DURATION} s a run, ${ROUNDS} rounds; median (min–max)`);
    for (const [i, runs] of results.entries()) {
      console.log(
        `${routes[i].name.padEnd(24)} app/raw req/s ${spread(runs.map((r) => r.ratio))}   ` +
          `app/raw CPU per request ${spread(runs.map((r) => r.cpuRatio))}   ` +
          `CPU ms/req app ${median(runs.map((r) => r.app.cpuMsPerRequest)).toFixed(3)}, raw ${median(runs.map((r) => r.raw.cpuMsPerRequest)).toFixed(3)}`,
      );
    }
    report(
      results.map((runs, i) => {
        const last = runs[runs.length - 1];
        return {
          route: routes[i].name,
          app: {
            rps: median(runs.map((r) => r.app.rps)),
            p50: last.app.p50,
            p99: last.app.p99,
            rssMiB: last.app.rssMiB,
          },
          raw: { rps: median(runs.map((r) => r.raw.rps)) },
        };
      }),
    );
  } finally {
    for (const server of servers) await stop(server);
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
