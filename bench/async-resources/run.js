// bench/async-resources: the async resources (promises, timers, ticks...) a request makes, app against
// raw. With the request context on (AsyncLocalStorage, Node 20) every promise pays an init hook and a
// before/after hook around each of its reactions, and every timer a libuv timer: counts that say where a
// request's CPU goes without the machine's noise, in seconds, as exact as the code that makes them.
// Usage: DATABASE_URL=mysql://root@127.0.0.1:3306/gateway npm run build && node bench/async-resources/run.js
const { join } = require('node:path');
const { createBenchDatabase } = require('../bench-database');
const { ask, startServer, stop } = require('../bench-process');
const { routes, sequential, startAppAndRaw } = require('../sequential-routes');

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const WARMUP = Number(process.env.BENCH_WARMUP_REQUESTS ?? 300);
const SHOWN = ['PROMISE', 'Timeout', 'TickObject'];

/** What the server has created so far, by type. */
const created = (server) => ask(server, 'async-resources', 'created');

/** Async resources per request of `route`, by type, over REQUESTS sequential requests after a warm-up. */
async function perRequest(server, route) {
  await sequential(server.port, route, WARMUP);
  const before = await created(server);
  await sequential(server.port, route, REQUESTS);
  const after = await created(server);
  const counts = {};
  for (const type of Object.keys(after)) counts[type] = (after[type] - (before[type] ?? 0)) / REQUESTS;
  return counts;
}

async function main() {
  const database = await createBenchDatabase();
  const servers = [];
  try {
    const { app, raw } = await startAppAndRaw(database, startServer, servers, {
      NODE_OPTIONS: `--require ${join(__dirname, 'count-hook.js')}`,
    });
    console.log(
      `async resources created per request, over ${REQUESTS} sequential requests (${WARMUP} before)`,
    );
    console.log(
      `${'route'.padEnd(10)} ${'server'.padEnd(6)} ${SHOWN.map((t) => t.padStart(10)).join(' ')}      all`,
    );
    for (const route of routes) {
      for (const [name, server] of [
        ['app', app],
        ['raw', raw],
      ]) {
        const counts = await perRequest(server, route);
        const all = Object.values(counts).reduce((sum, n) => sum + n, 0);
        const shown = SHOWN.map((type) => (counts[type] ?? 0).toFixed(1).padStart(10)).join(' ');
        console.log(`${route.padEnd(10)} ${name.padEnd(6)} ${shown} ${all.toFixed(1).padStart(8)}`);
      }
    }
  } finally {
    for (const server of servers) await stop(server);
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
