// `npm run bench`: every benchmark on MySQL, one after the other, with sizes small enough for one
// sitting, then ONE table (route, app rate, raw rate where there is a raw baseline, ratio, p50, p99, RSS).
// Each benchmark still runs alone (node bench/<name>/run.js) at its full default size.
// Usage: DATABASE_URL=mysql://root@127.0.0.1:3306/gateway npm run bench
// Override a benchmark's variable as BENCH_<NAME>_<VARIABLE>, e.g. BENCH_BULK_IMPORT_ROWS=10000
// (bulk-import's BENCH_ROWS); BENCH_ONLY=negotiate,floor runs a subset.
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/** Each benchmark's sizes in the aggregate (its own defaults are fleet-sized). */
const BENCHES = {
  negotiate: { BENCH_DEVICES: '2000', BENCH_SECONDS: '5', BENCH_ROUNDS: '1' },
  floor: { BENCH_SECONDS: '5', BENCH_ROUNDS: '1' },
  admission: { BENCH_ROWS: '50000', BENCH_TENANT_ROWS: '20000', BENCH_SECONDS: '3' },
  'access-devices': { BENCH_DEVICES: '500', BENCH_SECONDS: '3' },
  'new-device-requests': { BENCH_ROWS: '20000', BENCH_PAGE: '100', BENCH_SECONDS: '3' },
  'credentials-poll': { BENCH_DEVICES: '5000', BENCH_SECONDS: '5', BENCH_ROUNDS: '1' },
  access: { BENCH_AREAS: '2000', BENCH_USERS: '10000', BENCH_SECONDS: '5', BENCH_ROUNDS: '1' },
  idempotency: { BENCH_SECONDS: '3', BENCH_ROUNDS: '1' },
  webhooks: { BENCH_EVENTS: '2000' },
  'bulk-import': { BENCH_ROWS: '2000', BENCH_MEMORY_ROWS: '20000' },
};

function sizesOf(name, defaults) {
  const prefix = `BENCH_${name.toUpperCase().replace(/-/g, '_')}_`;
  const overrides = Object.entries(process.env)
    .filter(([key]) => key.startsWith(prefix))
    .map(([key, value]) => [`BENCH_${key.slice(prefix.length)}`, value]);
  return { ...defaults, ...Object.fromEntries(overrides) };
}

function main() {
  if (!process.env.DATABASE_URL)
    throw new Error('set DATABASE_URL=mysql://user:pass@127.0.0.1:3306/<database>');
  const only = process.env.BENCH_ONLY?.split(',');
  const file = join(tmpdir(), `bench-report-${process.pid}.jsonl`);
  const failed = [];
  for (const [name, defaults] of Object.entries(BENCHES)) {
    if (only && !only.includes(name)) continue;
    const sizes = sizesOf(name, defaults);
    console.log(
      `\n=== ${name} (${Object.entries(sizes)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')})`,
    );
    const run = spawnSync(process.execPath, [join(__dirname, name, 'run.js')], {
      env: { ...process.env, ...sizes, BENCH_REPORT: file },
      stdio: 'inherit',
    });
    if (run.status !== 0) failed.push(name);
  }
  const rows = existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];
  rmSync(file, { force: true });
  printTable(rows);
  if (failed.length > 0) {
    console.error(`failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

function printTable(rows) {
  const header = ['route', 'app', 'raw', 'ratio', 'p50 ms', 'p99 ms', 'RSS MiB'];
  const lines = rows.map((row) => {
    const unit = row.unit ? ` ${row.unit}` : '';
    return [
      row.route,
      `${row.app.rps}${unit}`,
      row.raw ? `${row.raw.rps}${unit}` : '—',
      row.raw ? (row.app.rps / row.raw.rps).toFixed(2) : '—',
      row.app.p50 ?? '—',
      row.app.p99 ?? '—',
      row.app.rssMiB ?? '—',
    ].map(String);
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i].length)));
  const format = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\nreq/s unless marked; p50, p99 and RSS are the app's; ratio = app / raw\n`);
  console.log(format(header));
  console.log(format(widths.map((w) => '-'.repeat(w))));
  for (const line of lines) console.log(format(line));
}

main();
