// bench/ab: two builds of the app side by side on one seeded database, the negotiate 304 poll at
// saturation, alternating which build runs first in each round; prints each build's median CPU per poll
// and req/s. For a change whose effect is smaller than the machine's drift between separate runs.
// BENCH_AB_GET=/health/live (or /bench/noop, ...) loads that GET route instead of the poll, as the admin.
// Usage: BENCH_AB_DISTS=/path/to/old/dist,/path/to/new/dist DATABASE_URL=mysql://root@127.0.0.1:3306/gateway node bench/ab/run.js
const { startBenchApp } = require('../bench-app');
const { basic } = require('../bench-http');
const { loadRun, median } = require('../bench-compare');
const { createBenchDatabase } = require('../bench-database');
const { stop } = require('../bench-process');
const { seed, pollBodies, pollLoad } = require('../negotiate/seed');

const DISTS = (process.env.BENCH_AB_DISTS ?? '').split(',').filter(Boolean);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const GET = process.env.BENCH_AB_GET;
const ADMIN = { email: 'admin@example.com', password: 'bench-admin-pass' };

async function main() {
  if (DISTS.length < 2) throw new Error('set BENCH_AB_DISTS to two (or more) comma-separated dist folders');
  const database = await createBenchDatabase();
  const apps = [];
  try {
    for (const dist of DISTS) apps.push(await startBenchApp(database, ADMIN.password, { BENCH_DIST: dist }));
    const connection = await database.connect();
    await seed(connection, DEVICES);
    await connection.end();
    const bodies = pollBodies(DEVICES);
    const poll = (port, duration = DURATION) =>
      GET
        ? {
            url: `http://127.0.0.1:${port}${GET}`,
            connections: 16,
            duration,
            headers: { authorization: basic(ADMIN) },
          }
        : pollLoad(port, bodies, { connections: 16, duration });
    for (const app of apps) await loadRun(app, 'warm-up', poll(app.port, 3));
    const runs = apps.map(() => []);
    for (let round = 1; round <= ROUNDS; round += 1) {
      const order = round % 2 === 1 ? [...apps.keys()] : [...apps.keys()].reverse();
      for (const i of order) {
        const run = await loadRun(apps[i], DISTS[i], poll(apps[i].port));
        runs[i].push(run);
        console.log(
          `round ${round} ${DISTS[i]}: ${run.rps} req/s, CPU ${(run.cpuMsPerRequest * 1000).toFixed(1)} µs/req`,
        );
      }
    }
    for (const [i, dist] of DISTS.entries())
      console.log(
        `${dist}: median ${median(runs[i].map((r) => r.rps))} req/s, CPU ` +
          `${(median(runs[i].map((r) => r.cpuMsPerRequest)) * 1000).toFixed(1)} µs/req`,
      );
  } finally {
    for (const app of apps) await stop(app);
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
