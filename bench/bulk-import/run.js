// bench/bulk-import: the Cumulocity bulk CSV import through the app next to a raw pipeline (fast-csv →
// the same hashing → the same batched INSERTs, no Nest), in the same run on MySQL/MariaDB; then the
// app's memory on a large file (a dry run: parsing, row rules and the per-batch reads, no hashing; or with
// BENCH_MEMORY_IMPORT=1 a real import through the app alone: hashing and writing every line).
// Usage: npm run build && DATABASE_URL=mysql://root@127.0.0.1:3306/gateway node bench/bulk-import/run.js
// BENCH_ROWS (100000) lines per pipeline, 0 to skip; BENCH_MEMORY_ROWS (1000000) lines of the large file, 0 to skip.
const {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} = require('node:fs');
const { request } = require('node:http');
const { loadavg, tmpdir } = require('node:os');
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
const MEMORY_IMPORT = process.env.BENCH_MEMORY_IMPORT === '1';
let PORT; // the app's, once it listens
/** This run's own folder: a fixed file name was rewritten by another run while this one read it. */
const FILES = mkdtempSync(join(tmpdir(), 'bench-bulk-'));
const ADMIN = { email: 'admin@example.com', password: 'bench-admin-pass' };
const USER = { email: 'importer@fleet.test', password: 'bench-password-1' };

/** A CSV of `rows` devices, written to disk as a stream. */
async function csvFile(name, rows, prefix) {
  const file = join(FILES, `${name}.csv`);
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

/**
 * Uploads `file` as multipart part `file`, streamed from disk with node:http (fetch gives up on a response
 * that takes over 300 s to start). Samples the app's RSS every 100 ms for the peak, and every `everyMs`
 * next to `progress()` (lines written so far, or seconds for a dry run) for the timeline.
 */
async function upload(pid, file, query, progress, everyMs = 1000) {
  const boundary = `bench${Date.now()}`;
  const head = Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="devices.csv"\r\n` +
      'content-type: text/csv\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const before = rssMiB(pid);
  let peak = before;
  const timeline = [];
  const peakSampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 100);
  const timelineSampler = setInterval(
    async () => timeline.push({ done: await progress(), rss: rssMiB(pid), peak }),
    everyMs,
  );
  const started = Date.now();
  try {
    const req = request({
      host: '127.0.0.1',
      port: PORT,
      method: 'POST',
      path: `/devicecontrol/bulkNewDeviceRequests${query}`,
      headers: {
        authorization: basic(USER),
        accept: 'application/json',
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + statSync(file).size + tail.length,
      },
    });
    const response = once(req, 'response');
    req.write(head);
    createReadStream(file)
      .pipe(req, { end: false })
      .on('unpipe', () => req.end(tail));
    const [res] = await response;
    let text = '';
    for await (const chunk of res) text += chunk;
    if (res.statusCode !== 201) throw new Error(`import: ${res.statusCode} ${text}`);
    return { seconds: (Date.now() - started) / 1000, body: JSON.parse(text), before, peak, timeline };
  } finally {
    clearInterval(peakSampler);
    clearInterval(timelineSampler);
  }
}

/** RSS before and peak, and the timeline at each tenth of `total`: a plateau shows growth does not follow lines. */
function memoryFigures(name, unit, total, { before, peak, timeline, seconds }) {
  console.log(
    `app RSS during the ${name} (${seconds.toFixed(1)} s): ${before.toFixed(0)} MiB before, ` +
      `peak ${peak.toFixed(0)} MiB (+${(peak - before).toFixed(0)} MiB)`,
  );
  const rows = [];
  let shown;
  for (let tenth = 1; tenth <= 10; tenth += 1) {
    const sample = timeline.filter((s) => s.done <= (total * tenth) / 10).at(-1);
    if (sample && sample !== shown)
      rows.push({
        [unit]: sample.done,
        'RSS (MiB)': Math.round(sample.rss),
        'peak so far (MiB)': Math.round((shown = sample).peak),
      });
  }
  // A run shorter than the sampler's period (a small dry run) has no timeline to show.
  if (rows.length > 0) console.table(rows);
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');

/** Seconds since `started`, and the pipeline's result. */
async function timed(work) {
  const started = Date.now();
  const result = await work;
  return { result, seconds: (Date.now() - started) / 1000 };
}

/**
 * The same number of lines through the app and through the raw pipeline, both at once, so both see the
 * same load from whatever else the machine runs; every 30 s a progress line (lines written by each, the
 * app's RSS, the load average), so even a run cut short leaves comparable rates. Prints rates and ratio.
 */
async function compare(database, app) {
  const appFile = await csvFile('app', ROWS, 'app');
  const rawFile = await csvFile('raw', ROWS, 'raw');
  const counter = await database.connect();
  const written = async (tenant) =>
    (await counter.query('SELECT COUNT(*) AS n FROM device_users WHERE tenant_id = ?', [tenant]))[0][0].n;
  const connection = await database.connect();
  console.log(`importing ${ROWS} lines through each pipeline at once; load average ${load()}`);
  const started = Date.now();
  const ticker = setInterval(async () => {
    const [appLines, rawLines] = [await written('fleet'), await written('raw')];
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(
      `progress ${seconds} s: app ${appLines}, raw ${rawLines} lines; app RSS ${rssMiB(app.pid).toFixed(0)} MiB; load ${load()}`,
    );
  }, 30_000);
  let viaApp;
  let viaRaw;
  try {
    [viaApp, viaRaw] = await Promise.all([
      upload(app.pid, appFile, '', () => written('fleet')),
      timed(rawImport(connection, 'raw', rawFile)),
    ]);
  } finally {
    clearInterval(ticker);
    await connection.end();
  }
  await counter.end();
  console.log(`done; load average ${load()}`);
  if (viaApp.body.numberOfCreated !== ROWS) throw new Error(`app created ${viaApp.body.numberOfCreated}`);
  memoryFigures(`${ROWS}-line import`, 'lines written', ROWS, viaApp);
  const appRate = ROWS / viaApp.seconds;
  const rawRate = viaRaw.result / viaRaw.seconds;
  console.table([
    {
      pipeline: 'app (HTTP multipart → Nest → import)',
      lines: ROWS,
      seconds: viaApp.seconds,
      'lines/s': Math.round(appRate),
    },
    {
      pipeline: 'raw (fast-csv → hash → INSERT)',
      lines: viaRaw.result,
      seconds: viaRaw.seconds,
      'lines/s': Math.round(rawRate),
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
}

/**
 * MEMORY_ROWS lines through the app alone: a dry run (the default), or a real import that hashes and
 * writes every line (~93 minutes for 1,000,000 on 2 idle cores), its progress counted every 30 s (a count
 * of a million rows each second would load the database the import is measured on).
 */
async function largeFile(database, app) {
  const file = await csvFile('memory', MEMORY_ROWS, 'mem');
  const what = MEMORY_IMPORT ? 'import' : 'dry run';
  console.log(`${what} of ${MEMORY_ROWS} lines through the app; load average ${load()}`);
  const started = Date.now();
  let run;
  if (MEMORY_IMPORT) {
    const counter = await database.connect();
    const written = async () =>
      (
        await counter.query(
          "SELECT COUNT(*) AS n FROM device_users WHERE tenant_id = 'fleet' AND device_id LIKE 'mem-%'",
        )
      )[0][0].n;
    const ticker = setInterval(async () => {
      const seconds = Math.round((Date.now() - started) / 1000);
      console.log(
        `progress ${seconds} s: ${await written()} lines; app RSS ${rssMiB(app.pid).toFixed(0)} MiB; load ${load()}`,
      );
    }, 300_000);
    try {
      run = await upload(app.pid, file, '', written, 30_000);
    } finally {
      clearInterval(ticker);
      await counter.end();
    }
    if (run.body.numberOfCreated !== MEMORY_ROWS)
      throw new Error(`import created ${run.body.numberOfCreated}`);
    console.log(
      `${MEMORY_ROWS} lines in ${run.seconds.toFixed(0)} s: ${(MEMORY_ROWS / run.seconds).toFixed(0)} lines/s`,
    );
  } else {
    run = await upload(app.pid, file, '?dryRun=true', async () => (Date.now() - started) / 1000);
    if (run.body.numberOfAll !== MEMORY_ROWS) throw new Error(`dry run saw ${run.body.numberOfAll}`);
  }
  memoryFigures(
    `${MEMORY_ROWS}-line ${what}`,
    MEMORY_IMPORT ? 'lines written' : 'seconds',
    MEMORY_IMPORT ? MEMORY_ROWS : run.seconds,
    run,
  );
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
    if (ROWS > 0) await compare(database, app);
    if (MEMORY_ROWS > 0) await largeFile(database, app);
  } finally {
    await stop(app);
    rmSync(FILES, { recursive: true, force: true });
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
