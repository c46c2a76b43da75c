// bench/instructions: instructions per request, app against raw, counted by valgrind's callgrind. Unlike
// req/s or CPU time, the count does not follow whoever else runs on the machine, so an A/B of two builds
// (BENCH_DIST) holds on a loaded VM. Each server runs under callgrind with instrumentation off; after a
// warm-up it is switched on for BENCH_REQUESTS sequential requests of one route, dumped, switched off.
// Usage: DATABASE_URL=mysql://root@127.0.0.1:3306/gateway npm run build && node bench/instructions/run.js
const { execFileSync, spawn } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const http = require('node:http');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { basic } = require('../bench-http');
const { createBenchDatabase } = require('../bench-database');
const { stop } = require('../bench-process');
const { seed, pollBodies, TENANT, USER } = require('../negotiate/seed');

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARMUP = Number(process.env.BENCH_WARMUP_REQUESTS ?? 3000);
const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 3);
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
const routes = (process.env.BENCH_ROUTES ?? 'negotiate,noop,live').split(',');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const thousands = (n) => `${Math.round(n / 1000)}k`;

/** `script` under callgrind, instrumentation off, on a free port; resolves with its port and dump folder. */
async function startCounted(script, env) {
  const out = mkdtempSync(join(tmpdir(), 'callgrind-'));
  const args = [
    '--tool=callgrind',
    '-q',
    '--smc-check=all-non-file', // V8 writes its machine code into anonymous memory
    '--instr-atstart=no',
    `--callgrind-out-file=${join(out, 'callgrind.out')}`,
    process.execPath,
    '--expose-gc',
    script,
  ];
  const child = spawn('valgrind', args, { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  child.out = out;
  child.port = await new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message.listening));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return child;
}

const control = (child, ...args) =>
  execFileSync('callgrind_control', [...args, String(child.pid)], { stdio: 'ignore' });

/** Instructions the server executed while answering `count` requests of `route`. */
async function counted(child, route, count) {
  await collected(child);
  control(child, '-i', 'on');
  await sequential(child.port, route, count);
  control(child, '-d');
  control(child, '-i', 'off');
  const dumps = readdirSync(child.out).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const text = readFileSync(join(child.out, dumps[dumps.length - 1]), 'utf8');
  return Number(/^totals: (\d+)/m.exec(text)[1]); // a later dump's summary: line wraps around
}

/** A full GC in the server before counting: whether a major collection falls inside the window would vary. */
function collected(child) {
  return new Promise((resolve) => {
    const onMessage = (message) => {
      if (!message?.collected) return;
      child.off('message', onMessage);
      resolve();
    };
    child.on('message', onMessage);
    child.send('gc');
  });
}

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

async function main() {
  const database = await createBenchDatabase();
  const servers = [];
  try {
    const env = { ...database.env, ...QUIET, ADMIN_PASSWORD: 'bench-admin-pass', PORT: '0' };
    if (process.env.BENCH_DIST) env.BENCH_DIST = process.env.BENCH_DIST; // the app's build under test
    const app = await startCounted(join(__dirname, '..', 'app-server.js'), env); // migrates
    servers.push(app);
    const connection = await database.connect();
    await seed(connection, DEVICES);
    await connection.end();
    const raw = await startCounted(join(__dirname, '..', 'raw-server.js'), env);
    servers.push(raw);
    console.log(
      `${WINDOWS} windows of ${REQUESTS} sequential requests a route, each after a full GC (${WARMUP} uncounted before); instructions per request, median`,
    );
    for (const route of routes) {
      const perRequest = {};
      for (const [name, server] of [
        ['app', app],
        ['raw', raw],
      ]) {
        await sequential(server.port, route, WARMUP);
        const windows = [];
        for (let w = 0; w < WINDOWS; w += 1)
          windows.push((await counted(server, route, REQUESTS)) / REQUESTS);
        perRequest[name] = median(windows);
        console.log(`${route} ${name}: ${windows.map(thousands).join(', ')} (windows)`);
      }
      const ratio = (perRequest.app / perRequest.raw).toFixed(2);
      console.log(
        `${route.padEnd(10)} app ${thousands(perRequest.app)}  raw ${thousands(perRequest.raw)}  app/raw ${ratio}`,
      );
    }
  } finally {
    for (const server of servers) {
      await stop(server);
      if (!process.env.BENCH_KEEP) rmSync(server.out, { recursive: true, force: true });
    }
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
