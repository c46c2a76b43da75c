// The routes the per-request counting benchmarks (instructions, async-resources) send, one request after
// another on one keep-alive connection, to the app and to the raw server alike.
const http = require('node:http');
const { basic } = require('./bench-http');
const { join } = require('node:path');
const { pollBodies, seed, TENANT, USER } = require('./negotiate/seed');

/** Devices seeded for them: the poll cycles through their bodies. */
const DEVICES = 500;
// Background timers run per second, not per request: out of the counted window.
const QUIET = { RECONCILER_INTERVAL_MS: '600000', WEBHOOK_INTERVAL_MS: '600000', LOG_LEVEL: 'silent' };

const bodies = pollBodies(DEVICES);
const ROUTES = {
  negotiate: (i) => ({
    method: 'POST',
    path: `/api/v1/tenant/${TENANT}/configuration/negociate`,
    headers: { authorization: basic(USER), 'content-type': 'application/json' },
    body: bodies[i % bodies.length],
  }),
  live: () => ({ method: 'GET', path: '/health/live', headers: {} }),
  noop: () => ({ method: 'GET', path: '/bench/noop', headers: { authorization: basic(USER) } }),
};
/** BENCH_ROUTES, or all of them. */
const routes = (process.env.BENCH_ROUTES ?? 'negotiate,noop,live').split(',');

/** `count` requests one after another on one keep-alive connection; throws on a status the route never answers. */
async function sequential(port, route, count) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < count; i += 1) {
    const { method, path, headers, body } = ROUTES[route](i);
    const status = await new Promise((resolve, reject) => {
      const request = http.request({ port, host: '127.0.0.1', method, path, headers, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      request.on('error', reject);
      request.end(body);
    });
    if (status >= 400) throw new Error(`${route}: ${method} ${path} answered ${status}`);
  }
  agent.destroy();
}

/**
 * The app (BENCH_DIST's build, else ./dist; it migrates the fresh database), the seeded fleet, then the
 * raw server, each started by `start(script, env)` with `env` on top of the bench's; pushed to `servers`
 * as they start, so the caller stops whatever started.
 */
async function startAppAndRaw(database, start, servers, env = {}) {
  env = { ...database.env, ...QUIET, ADMIN_PASSWORD: 'bench-admin-pass', PORT: '0', ...env };
  if (process.env.BENCH_DIST) env.BENCH_DIST = process.env.BENCH_DIST; // the app's build under test
  const app = await start(join(__dirname, 'app-server.js'), env);
  servers.push(app);
  const connection = await database.connect();
  await seed(connection, DEVICES);
  await connection.end();
  const raw = await start(join(__dirname, 'raw-server.js'), env);
  servers.push(raw);
  return { app, raw };
}

module.exports = { routes, sequential, startAppAndRaw };
