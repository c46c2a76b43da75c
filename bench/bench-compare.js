// App against raw: load runs (autocannon, or paced at a fixed rate) with what the server spent on them, back to back, in rounds.
const os = require('node:os');
const { fixedRate, runLoad } = require('./bench-paced');
const { measured } = require('./bench-process');
const { report } = require('./bench-report');

/**
 * One load run against `server`: req/s, p50, p99, the server's CPU ms per request and RSS,
 * the answers by status and the machine's 1-minute load average when it ended.
 */
async function loadRun(server, name, options) {
  const { result, cpuMsPerRequest, rssMiB, gcUsPerRequest, markCompacts, serverStallMs } = await measured(
    server,
    () => runLoad(options),
  );
  const statuses = Object.entries(result.statusCodeStats ?? {}).map(
    ([code, { count }]) => `${code}×${count}`,
  );
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest,
    rssMiB,
    gcUsPerRequest,
    markCompacts,
    serverStallMs,
    statuses: statuses.join(' ') + (result.errors ? ` errors×${result.errors}` : ''),
    load: os.loadavg()[0],
    clientStallMs: result.clientStallMs, // paced runs only
    slowStretches: result.slowStretches, // paced runs only
  };
}

function printRun(r) {
  console.log(
    `${r.name.padEnd(34)} ${String(r.rps).padStart(6)} req/s  p50 ${String(r.p50).padStart(3)} ms  p99 ${String(r.p99).padStart(4)} ms  ` +
      `CPU ${r.cpuMsPerRequest.toFixed(3)} ms/req  GC ${r.gcUsPerRequest.toFixed(0)} µs/req, ${r.markCompacts} MC  ` +
      `RSS ${r.rssMiB} MiB  load ${r.load.toFixed(1)}  ${r.statuses}` +
      (r.clientStallMs === undefined
        ? ''
        : `  stall max: server ${r.serverStallMs} ms, client ${r.clientStallMs} ms` +
          slowText(r.slowStretches)),
  );
}

/** When in a paced run requests took over 20 ms (s into the counted run) and the slowest then: where a p99 came from. */
function slowText(stretches) {
  if (!stretches.length) return '';
  const shown = stretches.slice(0, 6).map(({ from, to, worstMs }) => `${from}-${to} s (${worstMs} ms)`);
  return `  over 20 ms: ${shown.join(', ')}${stretches.length > 6 ? ', ...' : ''}`;
}

/**
 * After a warm-up (BENCH_WARMUP_SECONDS, 10), `rounds` times each pair's app run and its raw run, back to
 * back (the shared machine's load changes by the minute: only runs this close together compare).
 * Returns each pair's runs and ratios.
 */
async function compareRounds(rounds, pairs) {
  // Warm-up, not measured: JIT, connection pools, the first argon2 verification of each server.
  const warmup = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
  for (const { app, raw } of pairs)
    for (const { options } of [app, raw]) await runLoad({ ...options, duration: warmup });
  const byPair = pairs.map(() => []);
  for (let round = 1; round <= rounds; round += 1) {
    console.log(`round ${round}/${rounds}`);
    for (const [i, pair] of pairs.entries()) {
      // App first in odd rounds, raw first in even ones: a machine that speeds up or slows down during
      // the run favours neither.
      const runs = {};
      for (const side of round % 2 === 1 ? ['app', 'raw'] : ['raw', 'app']) {
        runs[side] = await loadRun(pair[side].server, `${pair.name}: ${side}`, pair[side].options);
        printRun(runs[side]);
      }
      const { app, raw } = runs;
      byPair[i].push({
        app,
        raw,
        ratio: app.rps / raw.rps,
        cpuRatio: app.cpuMsPerRequest / raw.cpuMsPerRequest,
      });
    }
  }
  return byPair;
}

/** A pair's app and raw run one after the other, each paced at `rate`, printed: the latency below saturation. */
async function pacedPair(rate, { name, app, raw }) {
  const runs = {};
  for (const [side, { server, options }] of Object.entries({ app, raw })) {
    runs[side] = await loadRun(server, `${name}: ${side} at ${rate} req/s`, {
      ...options,
      ...fixedRate(rate),
    });
    printRun(runs[side]);
  }
  return runs;
}

/**
 * One pair measured whole, as the request benchmarks (negotiate, access, credentials-poll) measure theirs:
 * each server first meets the paced client (2 s at `meetRate`: its requests differ in shape from
 * autocannon's, and code optimized on autocannon's alone deoptimized on the paced run's first requests;
 * traced: the route handler, the guard, the body parser, "wrong map"), then `rounds` saturated rounds,
 * then both paced at half the app's median saturation. Answers the rounds, that rate and the paced runs.
 */
async function measurePair(pair, { rounds, meetRate }) {
  for (const { options } of [pair.app, pair.raw])
    await runLoad({ ...options, ...fixedRate(meetRate), duration: 2 });
  const [runs] = await compareRounds(rounds, [pair]);
  const saturation = median(runs.map((r) => r.app.rps));
  const rate = Math.max(1, Math.round(saturation / 2));
  return { runs, saturation, rate, half: await pacedPair(rate, pair) };
}

/**
 * A measured pair's summary: the ratios, the tail at half saturation next to raw's at the same rate (the
 * machine's own floor), and with `pollSeconds` the devices polling that often that one core serves.
 */
function printSummary({ runs, rate, half }, pollSeconds) {
  console.log(`app / raw throughput, median (min–max): ${spread(runs.map((r) => r.ratio))}`);
  console.log(`app / raw CPU per request, median (min–max): ${spread(runs.map((r) => r.cpuRatio))}`);
  console.log(
    `app p99 at half its saturation rate (${rate} req/s): ${half.app.p99} ms, raw's at that rate ` +
      `${half.raw.p99} ms (longest stall of the app's event loop meanwhile: ${half.app.serverStallMs} ms, of the client's: ${half.app.clientStallMs} ms)`,
  );
  if (!pollSeconds) return;
  const cpu = (side) => median(runs.map((r) => r[side].cpuMsPerRequest));
  console.log(
    `devices polling every ${pollSeconds} s that one core serves (server CPU only): ` +
      `app ${devicesPerCore(cpu('app'), pollSeconds)}, raw ${devicesPerCore(cpu('raw'), pollSeconds)}`,
  );
}

/** A measured pair's rows in `npm run bench`'s table: saturation, and the paced run at half of it. */
function reportPair(route, { runs, saturation, rate, half }) {
  const last = runs[runs.length - 1];
  report([
    {
      route: `${route}, saturation`,
      app: { rps: saturation, p50: last.app.p50, p99: last.app.p99, rssMiB: last.app.rssMiB },
      raw: { rps: median(runs.map((r) => r.raw.rps)) },
    },
    {
      route: `${route}, fixed ${rate} req/s`,
      app: { rps: half.app.rps, p50: half.app.p50, p99: half.app.p99, rssMiB: half.app.rssMiB },
      raw: { rps: half.raw.rps },
    },
  ]);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const spread = (values, digits = 2) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

/** Devices polling every `periodSeconds` that one core serves, from the server's CPU per request. */
const devicesPerCore = (cpuMsPerRequest, periodSeconds = 60) =>
  Math.floor((periodSeconds * 1000) / cpuMsPerRequest);

module.exports = {
  loadRun,
  printRun,
  compareRounds,
  pacedPair,
  measurePair,
  printSummary,
  reportPair,
  median,
  spread,
  devicesPerCore,
};
