// Rows for the aggregate table of `npm run bench` (bench/run-all.js): each benchmark, run alone,
// prints its own table; run by the aggregate (BENCH_REPORT names a file) it also appends its rows.
const { appendFileSync } = require('node:fs');

/**
 * `rows`: { route, app: { rps, p50, p99, rssMiB }, raw?: { rps } }; rps may be another rate
 * (lines/s) when the route says so.
 */
function report(rows) {
  if (!process.env.BENCH_REPORT) return;
  for (const row of rows) appendFileSync(process.env.BENCH_REPORT, `${JSON.stringify(row)}\n`);
}

module.exports = { report };
