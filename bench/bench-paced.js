// A fixed rate as a client fleet makes it: open loop, request i due at start + i / rate, latency counted
// from when it was due (so a request that waits for a free connection counts its wait, as a device's
// would). autocannon cannot: its rate limit sends each connection's share of a second back to back and
// then waits (a burst at saturation speed every second), and its coordinated-omission correction takes
// ceil(1 / rate-per-connection) = 1 ms as the expected interval, so a response of L ms counts L times.
// The first second (BENCH_PACED_WARMUP_SECONDS) is paced but not counted: the client opens its connections
// and compiles its own code then, which read 18-27 ms at p99 for raw and app alike. While it runs the
// client times its own event loop: a stall of the client (or of the whole VM: every process on it
// stalls at once, seen here at 50-60 ms) is in every latency it measures, so it is reported next to them.
// It also records when requests took over 20 ms (slowStretches): a p99 made by one backlog reads as one
// long stretch, one made by scattered slow requests as many short ones.
const http = require('node:http');
const { setTimeout: sleep } = require('node:timers/promises');
const autocannon = require('autocannon');

/** Options that make runLoad pace `rate` requests a second over the options' connections. */
const fixedRate = (rate) => ({ pacedRate: rate });

/** One request on `agent`; resolves with its status (the body read and dropped). */
function send(agent, url, { method, headers, body }) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { agent, method, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** A paced run's slow stretches: 250 ms windows of due times in which some request took over 20 ms. */
const WINDOW_MS = 250;
const SLOW_MS = 20;

/** Consecutive slow windows as stretches, `from`-`to` s into the counted run, with their slowest request. */
function slowStretches(slowest) {
  const stretches = [];
  for (const window of [...slowest.keys()].sort((a, b) => a - b)) {
    const last = stretches[stretches.length - 1];
    const worst = slowest.get(window);
    if (last && last.to === (window * WINDOW_MS) / 1000) {
      last.to = ((window + 1) * WINDOW_MS) / 1000;
      last.worstMs = Math.max(last.worstMs, worst);
    } else
      stretches.push({
        from: (window * WINDOW_MS) / 1000,
        to: ((window + 1) * WINDOW_MS) / 1000,
        worstMs: worst,
      });
  }
  return stretches.map((s) => ({ ...s, worstMs: Math.round(s.worstMs) }));
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

/** Paces `pacedRate` req/s for `duration` s; the result has the fields of autocannon's that the benches read. */
async function paced({
  url,
  method = 'GET',
  headers = {},
  body,
  connections,
  duration,
  pacedRate,
  requests,
}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const setup = requests?.[0]?.setupRequest ?? ((request) => request);
  const uncounted = Math.round(pacedRate * Number(process.env.BENCH_PACED_WARMUP_SECONDS ?? 1));
  const total = uncounted + Math.round(pacedRate * duration);
  const latencies = [];
  const slowest = new Map(); // window of due time -> slowest latency over SLOW_MS in it
  const statusCodeStats = {};
  let errors = 0;
  const sent = [];
  const clock = performance.now();
  let start;
  let stall;
  for (let i = 0; i < total; i += 1) {
    const due = clock + (i * 1000) / pacedRate;
    if (i === uncounted) [start, stall] = [due, clientStalls()];
    const early = due - performance.now();
    if (early >= 1) await sleep(early);
    const request = setup({ method, headers: { ...headers }, body });
    const counted = i >= uncounted;
    sent.push(
      send(agent, url, request).then(
        (status) => {
          if (!counted) return;
          const latency = performance.now() - due;
          latencies.push(latency);
          const window = Math.floor((due - start) / WINDOW_MS);
          if (latency > SLOW_MS) slowest.set(window, Math.max(slowest.get(window) ?? 0, latency));
          statusCodeStats[status] = { count: (statusCodeStats[status]?.count ?? 0) + 1 };
        },
        () => (errors += counted ? 1 : 0),
      ),
    );
  }
  await Promise.all(sent);
  const seconds = (performance.now() - start) / 1000;
  const clientStallMs = stall.stop();
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const non2xx = Object.entries(statusCodeStats)
    .filter(([status]) => status < 200 || status >= 300)
    .reduce((sum, [, { count }]) => sum + count, 0);
  return {
    requests: { total: latencies.length, average: latencies.length / seconds },
    latency: { p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)) },
    statusCodeStats,
    non2xx,
    errors,
    clientStallMs,
    slowStretches: slowStretches(slowest),
  };
}

/** Times the client's own event loop (a 5 ms timer); stop() gives its longest delay beyond the timer, ms. */
function clientStalls() {
  const TICK = 5;
  let longest = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - TICK);
    last = now;
  }, TICK);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.round(longest);
    },
  };
}

/** autocannon at saturation, or paced when the options carry a fixed rate. */
const runLoad = (options) => (options.pacedRate ? paced(options) : autocannon(options));

module.exports = { fixedRate, runLoad };
