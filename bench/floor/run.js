// bench/floor: what the framework costs on the smallest requests, app against raw Fastify, back to
// back: GET /health/live (public, no database) and GET /bench/noop (authenticated: the Basic user
// lookup and the cached password check, then {}; the app's route is mounted by bench/app-server.js).
// The figure that matters is the server's CPU time per request, app / raw (goal: at most 1.5): at
// saturation, in rounds, and then at one rate for both, half the app's saturation rate (paced, as a fleet
// loads a service it has not saturated): at saturation the faster server also answers more requests per
// wake-up of its loop and of the kernel's loopback, which a slower one pays as system time per request.
// A paced round counts only if both servers answered at least 95 % of the rate: on 2 cores the client
// cannot pace ~30k req/s of liveness beside the server, and a round it fell behind in measures the client.
// Usage: DATABASE_URL=mysql://root@127.0.0.1:3306/gateway npm run build && node bench/floor/run.js
const { join } = require('node:path');
const { basic } = require('../bench-http');
const { withAppAndRaw } = require('../bench-app');
const { compareRounds, median, spread } = require('../bench-compare');
const { fixedRate } = require('../bench-paced');
const { report } = require('../bench-report');

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ADMIN = { email: 'admin@example.com', password: 'bench-admin-pass' };

function main() {
  return withAppAndRaw(ADMIN.password, async ({ app, startRaw }) => {
    const raw = await startRaw(join(__dirname, '..', 'raw-server.js'));
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
    const pairs = routes.map(({ name, path }) => ({ name, app: target(app, path), raw: target(raw, path) }));
    const results = await compareRounds(ROUNDS, pairs);
    // Then the same rounds at one rate for both servers, half the app's saturation rate on the route.
    const rates = results.map((runs) => Math.max(1, Math.round(median(runs.map((r) => r.app.rps)) / 2)));
    const paced = await compareRounds(
      ROUNDS,
      pairs.map((pair, i) => {
        const at = ({ server, options }) => ({ server, options: { ...options, ...fixedRate(rates[i]) } });
        return { name: `${pair.name} at ${rates[i]} req/s`, app: at(pair.app), raw: at(pair.raw) };
      }),
    );
    const held = (run, rate) => Math.min(run.app.rps, run.raw.rps) >= 0.95 * rate;
    const cpu = (runs) =>
      `app/raw CPU per request ${spread(runs.map((r) => r.cpuRatio))}   ` +
      `CPU ms/req app ${median(runs.map((r) => r.app.cpuMsPerRequest)).toFixed(3)}, raw ${median(runs.map((r) => r.raw.cpuMsPerRequest)).toFixed(3)}`;
    console.log(`\n${CONNECTIONS} connections, ${DURATION} s a run, ${ROUNDS} rounds; median (min–max)`);
    for (const [i, runs] of results.entries()) {
      const atRate = paced[i].filter((run) => held(run, rates[i]));
      console.log(
        `${routes[i].name.padEnd(24)} app/raw req/s ${spread(runs.map((r) => r.ratio))}   ${cpu(runs)}\n` +
          `${' '.repeat(24)} at half the app's saturation rate (${rates[i]} req/s, held in ` +
          `${atRate.length} of ${ROUNDS} rounds): ${atRate.length ? cpu(atRate) : 'no round held the rate'}`,
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
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
