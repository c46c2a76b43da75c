// The app under test as a child process (bench/app-server.js) on a bench database.
const { join } = require('node:path');
const { startServer } = require('./bench-process');

/**
 * Forks the app on `database` on a free port (`app.port`), with `env` on top (e.g. BENCH_DIST: another
 * build); resolves once it listens. Stop it with bench-process `stop`.
 */
function startBenchApp(database, adminPassword, env = {}) {
  env = { ...database.env, ADMIN_PASSWORD: adminPassword, PORT: '0', ...env };
  return startServer(join(__dirname, 'app-server.js'), env);
}

module.exports = { startBenchApp };
