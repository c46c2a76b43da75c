// The app under test as a child process (bench/app-server.js) on a bench database.
const { join } = require('node:path');
const { createBenchDatabase } = require('./bench-database');
const { startServer, stop } = require('./bench-process');

/**
 * Forks the app on `database` on a free port (`app.port`), with `env` on top (e.g. BENCH_DIST: another
 * build); resolves once it listens. Stop it with bench-process `stop`.
 */
function startBenchApp(database, adminPassword, env = {}) {
  env = { ...database.env, ADMIN_PASSWORD: adminPassword, PORT: '0', ...env };
  return startServer(join(__dirname, 'app-server.js'), env);
}

/**
 * An app-against-raw benchmark's frame: a fresh bench database, the app started on it (which migrates
 * it), then `body({ database, app, startRaw })`, where `startRaw(script)` forks a raw server on the same
 * database. Whatever happens, every server is stopped and the database dropped afterwards.
 */
async function withAppAndRaw(adminPassword, body) {
  const database = await createBenchDatabase();
  const servers = [];
  const started = async (server) => {
    servers.push(await server);
    return servers[servers.length - 1];
  };
  try {
    const app = await started(startBenchApp(database, adminPassword));
    const startRaw = (script) => started(startServer(script, { ...database.env, PORT: '0' }));
    return await body({ database, app, startRaw });
  } finally {
    for (const server of servers) await stop(server);
    await database.drop();
  }
}

module.exports = { startBenchApp, withAppAndRaw };
