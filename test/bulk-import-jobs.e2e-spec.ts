import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BulkImportJobEntity } from '../src/modules/new-device-requests/bulk/entities/bulk-import-job.entity';
import { BULK, csvFile, settledJob, uploadCsv } from './support/bulk-csv';
import { startTestApp, type TestApp, tenantUser } from './support/test-app';

const ASYNC = { prefer: 'respond-async' };

describe('Cumulocity bulk import in the background (Prefer: respond-async)', () => {
  let t: TestApp;
  let admin: string;
  let reader: string;
  const startJob = (http: ReturnType<typeof request>, file: Buffer, query = '') =>
    uploadCsv(http, admin, file, query).set(ASYNC);

  beforeAll(async () => {
    t = await startTestApp();
    admin = (await tenantUser(t.http, 'acme', ['ROLE_DEVICE_CONTROL_ADMIN'])).auth;
    reader = (await tenantUser(t.http, 'acme', ['ROLE_DEVICE_CONTROL_READ'])).auth;
  });
  afterAll(() => t.close());

  it('answers 202 with the job’s Location; the job shows progress, counts and a formula-safe report.csv', async () => {
    const file = csvFile('ID;CREDENTIALS', 'job-1;pw', '=HYPERLINK("http://evil");', '+cmd;pw', 'job-2;pw');
    const accepted = await startJob(t.http, file);
    expect(accepted.status).toBe(202);
    const id = accepted.body.id as string;
    const location = new RegExp(`^http://127\\.0\\.0\\.1:\\d+${BULK}/jobs/${id}$`);
    expect(accepted.headers.location).toMatch(location);
    expect(accepted.body).toMatchObject({ id, rowsTotal: 4, mode: 'per-line', dryRun: false });
    const job = await settledJob(t.http, reader, id);
    expect(job).toEqual({
      id,
      self: expect.stringMatching(location),
      state: 'COMPLETED',
      rowsDone: 4,
      rowsTotal: 4,
      numberOfCreated: 3,
      numberOfCredentialUpdated: 0,
      numberOfFailed: 1,
      numberOfSuccessful: 3,
      dryRun: false,
      mode: 'per-line',
      creationTime: expect.any(String),
      report: expect.stringMatching(
        new RegExp(`^http://127\\.0\\.0\\.1:\\d+${BULK}/jobs/${id}/report\\.csv$`),
      ),
    });
    const report = await t.http.get(`${BULK}/jobs/${id}/report.csv`).set('authorization', reader);
    expect(report.status).toBe(200);
    expect(report.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(report.text).toBe(
      '"line","deviceId","status","failureReason"\r\n' +
        '"2","job-1","CREATED",""\r\n' +
        '"3","\'=HYPERLINK(""http://evil"")","FAILED","CREDENTIALS is empty"\r\n' +
        '"4","\'+cmd","CREATED",""\r\n' +
        '"5","job-2","CREATED",""\r\n',
    );
  });

  it('runs dry runs and all-or-nothing as jobs too: nothing written, the failures reported', async () => {
    const dry = await startJob(t.http, csvFile('ID;CREDENTIALS', 'dry-job;pw'), '?dryRun=true');
    expect(await settledJob(t.http, reader, dry.body.id)).toMatchObject({
      state: 'COMPLETED',
      numberOfCreated: 1,
    });
    const aon = await startJob(
      t.http,
      csvFile('ID;CREDENTIALS', 'aon-job;pw', 'aon-bad;'),
      '?mode=all-or-nothing',
    );
    expect(await settledJob(t.http, reader, aon.body.id)).toMatchObject({
      state: 'FAILED',
      numberOfCreated: 0,
      numberOfFailed: 1,
      failure: 'mode=all-or-nothing: 1 of 2 lines failed, nothing was written',
    });
    const report = await t.http.get(`${BULK}/jobs/${aon.body.id}/report.csv`).set('authorization', reader);
    expect(report.text.split('\r\n').slice(1)).toEqual(['"3","aon-bad","FAILED","CREDENTIALS is empty"', '']);
    for (const deviceId of ['dry-job', 'aon-job'])
      expect(
        (await t.http.get(`/identity/externalIds/c8y_Serial/${deviceId}`).set('authorization', reader))
          .status,
      ).toBe(404);
  });

  it('refuses a file over a cap before accepting the job (422, no job)', async () => {
    const res = await startJob(t.http, csvFile('ID;CREDENTIALS', `x;${'p'.repeat(5000)}`));
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('MAX_FIELD_BYTES (4096 bytes) exceeded at line 2');
  });

  it('is answered by any instance, and only in its tenant', async () => {
    const accepted = await startJob(t.http, csvFile('ID;CREDENTIALS', 'other-instance;pw'));
    const other = request((await t.startAnotherInstance()).getHttpServer());
    const deadline = Date.now() + 30_000;
    let job = (await other.get(`${BULK}/jobs/${accepted.body.id}`).set('authorization', reader)).body;
    while (job.state === 'RUNNING' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      job = (await other.get(`${BULK}/jobs/${accepted.body.id}`).set('authorization', reader)).body;
    }
    expect(job).toMatchObject({ state: 'COMPLETED', numberOfCreated: 1 });
    const stranger = (await tenantUser(t.http, 'globex', ['ROLE_DEVICE_CONTROL_READ'])).auth;
    const hidden = await other.get(`${BULK}/jobs/${accepted.body.id}`).set('authorization', stranger);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error).toBe('devicecontrol/Not Found');
  });

  it('marks a job FAILED once its heartbeat is older than 60 s (the instance running it crashed)', async () => {
    const stale = new Date(Date.now() - 61_000);
    const job = {
      id: '00000000-0000-4000-8000-00000000dead',
      tenantId: 'acme',
      state: 'RUNNING' as const,
      allOrNothing: false,
      dryRun: false,
      rowsTotal: 10,
      rowsDone: 4,
      created: 4,
      credentialsUpdated: 0,
      failed: 0,
      failure: null,
      origin: null,
      createdAt: stale,
      heartbeatAt: stale,
    };
    await t.app.get(DataSource).getRepository(BulkImportJobEntity).insert(job);
    const res = await t.http.get(`${BULK}/jobs/${job.id}`).set('authorization', reader);
    expect(res.body).toMatchObject({
      state: 'FAILED',
      rowsDone: 4,
      rowsTotal: 10,
      failure:
        'Interrupted: no heartbeat since the instance running it stopped. Lines not in the report were not imported; upload them again.',
    });
  });

  it('removes at start the spooled uploads nothing will read, and keeps those a job may still read', async () => {
    const folder = join(t.config.dataDir, 'bulk-imports');
    const longAgo = new Date(Date.now() - 120_000);
    const job = (id: string, heartbeatAt: Date) => ({
      id,
      tenantId: 'acme',
      state: 'RUNNING' as const,
      allOrNothing: false,
      dryRun: false,
      rowsTotal: 1,
      rowsDone: 0,
      created: 0,
      credentialsUpdated: 0,
      failed: 0,
      failure: null,
      origin: null,
      createdAt: longAgo,
      heartbeatAt,
    });
    const lost = '00000000-0000-4000-8000-0000000000a1'; // its instance crashed: no heartbeat for 2 minutes
    const running = '00000000-0000-4000-8000-0000000000a2'; // another instance is importing it
    const unrecorded = '00000000-0000-4000-8000-0000000000a3'; // a crash between the spool and the job
    const spooling = '00000000-0000-4000-8000-0000000000a4'; // being written now
    await t.app
      .get(DataSource)
      .getRepository(BulkImportJobEntity)
      .insert([job(lost, longAgo), job(running, new Date())]);
    mkdirSync(folder, { recursive: true });
    for (const id of [lost, running, unrecorded, spooling]) {
      writeFileSync(join(folder, `${id}.csv`), 'ID;CREDENTIALS\ndevice;password-1\n');
      if (id !== spooling) utimesSync(join(folder, `${id}.csv`), longAgo, longAgo);
    }

    await t.startAnotherInstance();

    expect(readdirSync(folder).sort()).toEqual([`${running}.csv`, `${spooling}.csv`]);
    const lostJob = await t.http.get(`${BULK}/jobs/${lost}`).set('authorization', reader);
    expect(lostJob.body.state).toBe('FAILED');
  });

  it('survives a restart of the instance running it: marked FAILED with the lines written', async () => {
    const devices = async (http: ReturnType<typeof request>) =>
      (
        await http
          .get('/inventory/managedObjects?fragmentType=c8y_IsDevice&pageSize=1&withTotalElements=true')
          .set('authorization', reader)
      ).body.statistics.totalElements as number;
    const before = await devices(t.http);
    const doomed = await t.startAnotherInstance();
    const lines = Array.from({ length: 3000 }, (_, i) => `restart-${i};pw-${i}`);
    const accepted = await startJob(request(doomed.getHttpServer()), csvFile('ID;CREDENTIALS', ...lines));
    expect(accepted.status).toBe(202);
    await doomed.close(); // a graceful stop while the job runs
    const restarted = request((await t.startAnotherInstance()).getHttpServer());
    const job = (await restarted.get(`${BULK}/jobs/${accepted.body.id}`).set('authorization', reader)).body;
    expect(job).toMatchObject({ state: 'FAILED', rowsTotal: 3000 });
    expect(job.failure).toMatch(
      /^Interrupted: the instance running it stopped after \d+ lines, whose outcomes are in the report\./,
    );
    expect(job.rowsDone).toBeLessThan(3000);
    const report = await restarted
      .get(`${BULK}/jobs/${accepted.body.id}/report.csv`)
      .set('authorization', reader);
    const reported = report.text.trim().split('\r\n').slice(1);
    expect(reported).toHaveLength(job.rowsDone);
    expect(await devices(restarted)).toBe(before + job.rowsDone); // what the report says was written, was
  }, 60_000);
});
