// A fixed rate as a client fleet makes it: open loop, request i due at start + i / rate, latency counted
// from when it was due (so a request that waits for a free connection counts its wait, as a device's
// would). autocannon cannot: its rate limit sends each connection's share of a second back to back and
// then waits (a burst at saturation speed every second), and its coordinated-omission correction takes
// ceil(1 / rate-per-connection) = 1 ms as the expected interval, so a response of L ms counts L times.
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
  const total = Math.round(pacedRate * duration);
  const latencies = [];
  const statusCodeStats = {};
  let errors = 0;
  const sent = [];
  const start = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = start + (i * 1000) / pacedRate;
    const early = due - performance.now();
    if (early >= 1) await sleep(early);
    const request = setup({ method, headers: { ...headers }, body });
    sent.push(
      send(agent, url, request).then(
        (status) => {
          latencies.push(performance.now() - due);
          statusCodeStats[status] = { count: (statusCodeStats[status]?.count ?? 0) + 1 };
        },
        () => (errors += 1),
      ),
    );
  }
  await Promise.all(sent);
  const seconds = (performance.now() - start) / 1000;
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
  };
}

/** autocannon at saturation, or paced when the options carry a fixed rate. */
const runLoad = (options) => (options.pacedRate ? paced(options) : autocannon(options));

module.exports = { fixedRate, runLoad };
