// bench/negotiate: the 304 path of configuration/negociate (a fleet polling with nothing to change),
// the app against a raw Fastify + mysql2 server doing the same work, back to back, on MySQL.
// Usage: DATABASE_URL=mysql://root@127.0.0.1:3306/gateway npm run build && node bench/negotiate/run.js
const { join } = require('node:path');
const { withAppAndRaw } = require('../bench-app');
const { measurePair, printSummary, reportPair } = require('../bench-compare');
const { seed, pollBodies, pollLoad } = require('./seed');

const DEVICES = Number(process.env.BENCH_DEVICES ?? 10_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function main() {
  return withAppAndRaw('bench-admin-pass', async ({ database, app, startRaw }) => {
    const connection = await database.connect();
    const seeded = Date.now();
    await seed(connection, DEVICES);
    console.log(`seeded ${DEVICES} devices in ${Date.now() - seeded} ms`);
    await connection.end();
    const raw = await startRaw(join(__dirname, '..', 'raw-server.js'));

    const pair = {
      name: '304',
      app: { server: app, options: poll(app.port) },
      raw: { server: raw, options: poll(raw.port) },
    };
    const measured = await measurePair(pair, { rounds: ROUNDS, meetRate: 500 });
    console.log(
      `\n304 path, ${DEVICES} devices, ${CONNECTIONS} connections, ${DURATION} s a run, ${ROUNDS} rounds`,
    );
    printSummary(measured, 60);
    reportPair('POST configuration/negociate (304)', measured);
  });
}

const bodies = pollBodies(DEVICES);
const poll = (port) => pollLoad(port, bodies, { connections: CONNECTIONS, duration: DURATION });

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
