// bench/bulk-import: the Cumulocity bulk CSV import through the app next to a raw pipeline (fast-csv →
// the same hashing → the same batched INSERTs, no Nest), in the same run on MySQL/MariaDB; then the
// app's memory on a large file (dry run: parsing, row rules and the per-batch reads, no hashing).
// Usage: npm run build && DATABASE_URL=mysql://root@127.0.0.1:3306/gateway node bench/bulk-import/run.js
// BENCH_ROWS (100000) rows imported by each pipeline; BENCH_MEMORY_ROWS (1000000) rows of the dry run.
const { createWriteStream, openAsBlob, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { once } = require('node:events');
const { startBenchApp } = require('../bench-app');
const { stop } = require('../bench-process');
const { report } = require('../bench-report');
const { createBenchDatabase } = require('../bench-database');
const { basic, http } = require('../bench-http');
const { rawImport } = require('./raw-pipeline');

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const MEMORY_ROWS = Number(process.env.BENCH_MEMORY_ROWS ?? 1_000_000);
let PORT; // the app's, once it listens
const ADMIN = { email: 'admin@example.com', password: 'bench-admin-pass' };
const USER = { email: 'importer@fleet.test', password: 'bench-password-1' };

/** A CSV of `rows` devices, written to disk as a stream. */
async function csvFile(name, rows, prefix) {
  const file = join(tmpdir(), `bench-bulk-${name}.csv`);
  const out = createWriteStream(file);
  out.write('ID;CREDENTIALS;TYPE;NAME\n');
  for (let i = 0; i < rows; i += 1)
    if (!out.write(`${prefix}-${i};pw-${i}-abcd1234;bench_device;Device ${i}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return file;
}

/** The resident set of a process, in MiB (Linux). */
function rssMiB(pid) {
  const resident = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!resident) throw new Error(`the app (pid ${pid}) is gone`);
  return Number(resident[1]) / 1024;
}

/** Uploads `file` as multipart part `file`, streamed from disk; samples the app's RSS meanwhile. */
async function upload(pid, file, query = '') {
  const form = new FormData();
  form.set('file', await openAsBlob(file), 'devices.csv');
  const before = rssMiB(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 100);
  const started = Date.now();
  let res;
  let body;
  try {
    res = await fetch(`http://127.0.0.1:${PORT}/devicecontrol/bulkNewDeviceRequests${query}`, {
      method: 'POST',
      headers: { authorization: basic(USER), accept: 'application/json' },
      body: form,
    });
    body = await res.json();
  } finally {
    clearInterval(sampler);
  }
  if (res.status !== 201) throw new Error(`import: ${res.status} ${JSON.stringify(body)}`);
  return { seconds: (Date.now() - started) / 1000, body, before, peak };
}

async function main() {
  const database = await createBenchDatabase();
  database.env.UPLOAD_LIMIT_BYTES = String(256 * 1024 * 1024); // the 1,000,000-line file is ~45 MiB
  const app = await startBenchApp(database, ADMIN.password);
  PORT = app.port;
  app.on('exit', (code, signal) => console.error(`app exited: code ${code}, signal ${signal}`));
  try {
    for (const tenant of ['fleet', 'raw'])
      await http(PORT, 'POST', '/api/v1/tenants', basic(ADMIN), { id: tenant, name: tenant });
    await http(PORT, 'POST', '/api/v1/tenants/fleet/users', basic(ADMIN), {
      ...USER,
      roles: ['ROLE_DEVICE_CONTROL_ADMIN'],
    });

    const appFile = await csvFile('app', ROWS, 'app');
    const rawFile = await csvFile('raw', ROWS, 'raw');
    console.log(`importing ${ROWS} rows through the app`);
    const viaApp = await upload(app.pid, appFile);
    if (viaApp.body.numberOfCreated !== ROWS) throw new Error(`app created ${viaApp.body.numberOfCreated}`);

    console.log(`importing ${ROWS} rows through the raw pipeline`);
    const connection = await database.connect();
    const rawStarted = Date.now();
    const rawRows = await rawImport(connection, 'raw', rawFile);
    const rawSeconds = (Date.now() - rawStarted) / 1000;
    await connection.end();

    const memoryFile = await csvFile('memory', MEMORY_ROWS, 'mem');
    console.log(`dry run of ${MEMORY_ROWS} rows through the app`);
    const dry = await upload(app.pid, memoryFile, '?dryRun=true');

    const appRate = ROWS / viaApp.seconds;
    const rawRate = rawRows / rawSeconds;
    console.table([
      {
        pipeline: 'app (HTTP multipart → Nest → import)',
        rows: ROWS,
        seconds: viaApp.seconds,
        'rows/s': Math.round(appRate),
      },
      {
        pipeline: 'raw (fast-csv → hash → INSERT)',
        rows: rawRows,
        seconds: rawSeconds,
        'rows/s': Math.round(rawRate),
      },
    ]);
    console.log(`ratio app/raw: ${(appRate / rawRate).toFixed(2)}`);
    report([
      {
        route: `bulk-import: ${ROWS} lines`,
        unit: 'lines/s',
        app: { rps: Math.round(appRate), rssMiB: Math.round(viaApp.peak) },
        raw: { rps: Math.round(rawRate) },
      },
    ]);
    console.log(
      `app RSS during the ${ROWS}-row import: ${viaApp.before.toFixed(0)} MiB before, peak ${viaApp.peak.toFixed(0)} MiB ` +
        `(+${(viaApp.peak - viaApp.before).toFixed(0)} MiB)`,
    );
    console.log(
      `app RSS during the ${MEMORY_ROWS}-row dry run (${dry.seconds.toFixed(1)} s, ${dry.body.numberOfCreated} rows): ` +
        `${dry.before.toFixed(0)} MiB before, peak ${dry.peak.toFixed(0)} MiB (+${(dry.peak - dry.before).toFixed(0)} MiB)`,
    );
  } finally {
    await stop(app);
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
