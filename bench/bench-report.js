// Rows for the aggregate table of `npm run bench` (bench/run-all.js): each benchmark, run alone,
// prints its own table; run by the aggregate (BENCH_REPORT names a file) it also appends its rows.
const { appendFileSync } = require('node:fs');
const { usage } = require('./bench-process');

/**
 * `rows`: { route, app: { rps, p50?, p99?, rssMiB }, raw?: { rps }, unit? } (unit: 'req/s' unless said,
 * e.g. 'lines/s').
 */
function report(rows) {
  if (!process.env.BENCH_REPORT) return;
  for (const row of rows) appendFileSync(process.env.BENCH_REPORT, `${JSON.stringify(row)}\n`);
}

/** The app-only runs of one benchmark (summarize() rows), with the app's RSS once they are done. */
async function reportAppRuns(bench, runs, app) {
  if (!process.env.BENCH_REPORT) return;
  const rssMiB = Math.round((await usage(app)).rss / 1024 / 1024);
  report(
    runs.map((r) => ({ route: `${bench}: ${r.name}`, app: { rps: r.rps, p50: r.p50, p99: r.p99, rssMiB } })),
  );
}

module.exports = { report, reportAppRuns };
