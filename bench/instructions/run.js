// bench/instructions: instructions per request, app against raw, counted by valgrind's callgrind. Unlike
// req/s or CPU time, the count does not follow whoever else runs on the machine, so an A/B of two builds
// (BENCH_DIST) holds on a loaded VM. Each server runs under callgrind with instrumentation off; after a
// warm-up it is switched on for BENCH_REQUESTS sequential requests of one route, dumped, switched off.
// Usage: DATABASE_URL=mysql://root@127.0.0.1:3306/gateway npm run build && node bench/instructions/run.js
const { execFileSync, spawn } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createBenchDatabase } = require('../bench-database');
const { ask, stop, RUNTIME_FLAGS } = require('../bench-process');
const { routes, sequential, startAppAndRaw } = require('../sequential-routes');

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARMUP = Number(process.env.BENCH_WARMUP_REQUESTS ?? 3000);
const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 3);

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
    ...RUNTIME_FLAGS,
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
const collected = (child) => ask(child, 'gc', 'collected');

async function main() {
  const database = await createBenchDatabase();
  const servers = [];
  try {
    const { app, raw } = await startAppAndRaw(database, startCounted, servers);
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
