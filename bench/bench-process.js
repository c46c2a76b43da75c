// Servers under test as child processes: fork, wait until they listen, ask them for their CPU time
// and RSS (over IPC, see serve-usage.js), stop them.
const { fork } = require('node:child_process');
const { RUNTIME_FLAGS } = require('../dist/src/core/runtime/garbage-collection');

/**
 * Forks `script` with `env` (PORT 0: a free port) and the Node flags `npm start` passes, app and raw
 * servers alike; resolves once it listens, with `child.port` set.
 * With BENCH_PROFILE a CPU profile is written on stop; BENCH_NODE_FLAGS adds Node flags.
 */
async function startServer(script, env) {
  const dir = process.env.BENCH_PROFILE_DIR ?? '/tmp/prof';
  const execArgv = [...RUNTIME_FLAGS];
  if (process.env.BENCH_PROFILE) execArgv.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
  // e.g. BENCH_NODE_FLAGS=--trace-gc (Node refuses it in NODE_OPTIONS)
  if (process.env.BENCH_NODE_FLAGS) execArgv.push(...process.env.BENCH_NODE_FLAGS.split(' '));
  const child = fork(script, { env, stdio: 'inherit', execArgv });
  child.port = await new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message.listening));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return child;
}

/** Sends `message` to the server and resolves with the `field` of its first answer that has one. */
function ask(child, message, field) {
  return new Promise((resolve) => {
    const onMessage = (answer) => {
      if (!answer?.[field]) return;
      child.off('message', onMessage);
      resolve(answer[field]);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/** The server's CPU time so far (µs, user + system) and its RSS (bytes). */
const usage = (child) => ask(child, 'usage', 'usage');

async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
}

/**
 * Runs `load` (an autocannon run) against `server` and adds what the server spent on it: CPU time per
 * request (ms), its RSS at the end (MiB) and its garbage collection.
 */
async function measured(server, load) {
  const before = await usage(server);
  const result = await load();
  const after = await usage(server);
  const requests = result.requests.total || 1;
  const gc = (field) => (after.gc?.[field] ?? 0) - (before.gc?.[field] ?? 0);
  return {
    result,
    cpuMsPerRequest: (after.cpu - before.cpu) / 1000 / requests,
    rssMiB: Math.round(after.rss / 1024 / 1024),
    // GC time per request (µs), and the run's mark-compacts: what a latency tail often comes from.
    gcUsPerRequest: ((gc('scavengeMs') + gc('markCompactMs')) * 1000) / requests,
    markCompacts: gc('markCompacts'),
    // The longest the server's event loop was held during the run (collections included), ms.
    serverStallMs: Math.round(after.stallMs ?? 0),
  };
}

module.exports = { startServer, ask, usage, stop, measured, RUNTIME_FLAGS };
