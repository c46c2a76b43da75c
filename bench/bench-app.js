// The app under test as a child process (bench/negotiate/app-server.js) on a bench database.
const { fork } = require('node:child_process');
const { join } = require('node:path');

/** Forks the app on `database` listening on `port`; resolves once it listens. Stop it with `app.kill('SIGINT')`. */
async function startBenchApp(database, port, adminPassword) {
  const env = { ...database.env, ADMIN_PASSWORD: adminPassword, PORT: String(port) };
  const app = fork(join(__dirname, 'negotiate', 'app-server.js'), { env, stdio: 'inherit' });
  await new Promise((resolve, reject) => (app.once('message', resolve), app.once('exit', reject)));
  return app;
}

module.exports = { startBenchApp };
