import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { WebhookEventType } from '../src/core/webhooks/event-types';
import { BulkImportJobEntity } from '../src/modules/new-device-requests/bulk/entities/bulk-import-job.entity';
import { BULK, csvFile, settledJob, uploadCsv } from './support/bulk-csv';
import { accessGroup, area, beacon, insertRows, period, schedule, site } from './support/mobile-site-model';
import { deskPhoneType } from './support/desk-phone-type';
import { FakeProvisioningServer } from './support/fake-provisioning-server';
import { startTestApp, type TestApp, tenantUser } from './support/test-app';
import { FAST_WEBHOOKS, type ReceivedEvent, WebhookReceiver } from './support/webhook-receiver';

const MAX_POLLS = 3;
const KEY = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every module's events, each written in the transaction of its change, as the receiver sees them. */
describe('Webhook events of every module', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let ops: string;
  let bootstrap: string;
  const receiver = new WebhookReceiver();
  const redirect = new FakeProvisioningServer();
  const vendor = new FakeProvisioningServer();
  const as = (auth = ops) => ({
    post: (path: string, body?: object) => t.http.post(path).set('authorization', auth).send(body),
    put: (path: string, body: object) => t.http.put(path).set('authorization', auth).send(body),
    delete: (path: string) => t.http.delete(path).set('authorization', auth),
  });
  /** Waits for `count` events after the mark, then a little more to see that no others follow. */
  const eventsAfter = async (mark: number, count: number): Promise<ReceivedEvent[]> => {
    await receiver.waitFor(mark + count);
    await sleep(400);
    return receiver.events.slice(mark);
  };
  const summary = (events: ReceivedEvent[], field: string) =>
    events.map((event) => [event.type, event.data[field]]);

  beforeAll(async () => {
    const [url, redirectUrl, vendorUrl] = await Promise.all([
      receiver.start(),
      redirect.start(),
      vendor.start(),
    ]);
    t = await startTestApp({ ...FAST_WEBHOOKS, NEW_DEVICE_REQUEST_MAX_POLLS: String(MAX_POLLS) });
    const admin = (await tenantUser(t.http, 'acme', ['TENANT_ADMIN'])).auth;
    ops = (
      await tenantUser(
        t.http,
        'acme',
        ['MANAGE_DEVICES', 'ADMISSION_ADMIN', 'ROLE_DEVICE_CONTROL_ADMIN', 'ACCESS_DEVICE_ADMIN'],
        'ops@acme.test',
      )
    ).auth;
    bootstrap = (await tenantUser(t.http, 'acme', ['ROLE_DEVICE_BOOTSTRAP'])).auth;
    const created = await as(admin)
      .post('/api/v1/tenants/acme/webhooks', { url, eventTypes: Object.values(WebhookEventType) })
      .expect(201);
    receiver.secret = created.body.secret as string;
    await deskPhoneType(t.http, 'acme', admin, { redirect: redirectUrl, vendor: vendorUrl }, 500);
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([receiver.stop(), redirect.stop(), vendor.stop()]);
  });

  it('Genetec: device added, negotiation committed and rejected', async () => {
    const mark = receiver.events.length;
    const base = '/api/v1/tenant/acme';
    const identity = { SerialNumber: 'neg-1', Manufacturer: 'acme' };
    const device = await as()
      .post(`${base}/device`, { DeviceIdentification: identity, DeviceType: 'Camera' })
      .expect(201);
    const negotiate = async (desired: object) => {
      await as()
        .put(`${base}/device/${device.body.Id as string}/configuration`, { Configuration: desired })
        .expect(200);
      const offered = await as()
        .post(`${base}/configuration/negociate`, {
          DeviceId: identity,
          DeviceType: 'Camera',
          Configuration: { v: 0 },
        })
        .expect(200);
      return offered.body.TransactionId as string;
    };
    const committed = await negotiate({ v: 1 });
    await as()
      .post(`${base}/configuration/commit`, { DeviceId: identity, TransactionId: committed })
      .expect(200);
    const rejected = await negotiate({ v: 2 });
    await as()
      .post(`${base}/configuration/reject`, {
        DeviceId: identity,
        TransactionId: rejected,
        ReasonCode: 'e1',
        ReasonMessage: 'no',
      })
      .expect(200);
    const events = await eventsAfter(mark, 3);
    expect(summary(events, 'TransactionId')).toEqual([
      ['genetec.device.added', undefined],
      ['genetec.negotiation.committed', committed],
      ['genetec.negotiation.rejected', rejected],
    ]);
    expect(events[1].data).toMatchObject({
      DeviceId: device.body.Id,
      Status: 'Committed',
      Configuration: { v: 1 },
    });
    expect(events[2].data).toMatchObject({ Status: 'Rejected', ReasonCode: 'e1', ReasonMessage: 'no' });
  });

  it('Mender: auth set submitted, accepted, rejected, deleted; nothing for a refused transition', async () => {
    const mark = receiver.events.length;
    const set = '/api/management/v1/admission/devices/set-1';
    await as()
      .put(set, { device_id: 'dev-1', device_identity: JSON.stringify({ sn: '1' }), key: KEY })
      .set('x-men-requestid', 'men-req-7')
      .expect(204);
    await as().put(`${set}/status`, { status: 'accepted' }).expect(200);
    expect((await as().put(`${set}/status`, { status: 'pending' })).status).toBe(400);
    await as().put(`${set}/status`, { status: 'rejected' }).expect(200);
    await as().delete(set).expect(204);
    const events = await eventsAfter(mark, 4);
    expect(summary(events, 'status')).toEqual([
      ['mender.auth-set.submitted', 'pending'],
      ['mender.auth-set.accepted', 'accepted'],
      ['mender.auth-set.rejected', 'rejected'],
      ['mender.auth-set.deleted', 'rejected'],
    ]);
    expect(events[0]).toMatchObject({ requestId: 'men-req-7', tenant: 'acme' });
    expect(events[0].data).toMatchObject({
      id: 'set-1',
      device_id: 'dev-1',
      attributes: { sn: '1' },
      key: KEY,
    });
  });

  it('Cumulocity: registration created, pending, accepted, credentials issued, blocked; accepted by acceptAll', async () => {
    const mark = receiver.events.length;
    const requests = '/devicecontrol/newDeviceRequests';
    const poll = (id: string) =>
      t.http
        .post('/devicecontrol/deviceCredentials')
        .set('authorization', bootstrap)
        .set('accept', 'application/json')
        .send({ id });
    for (const id of ['c8y-1', 'c8y-2', 'c8y-3'])
      await as().post(requests, { id }).set('accept', 'application/json').expect(201);
    expect((await poll('c8y-1')).status).toBe(404);
    await as().put(`${requests}/c8y-1`, { status: 'ACCEPTED' }).set('accept', 'application/json').expect(200);
    const issued = await poll('c8y-1');
    expect(issued.status).toBe(201);
    for (let i = 0; i <= MAX_POLLS + 1; i += 1) expect((await poll('c8y-2')).status).toBe(404);
    expect((await poll('c8y-3')).status).toBe(404);
    expect((await as().post(`${requests}/acceptAll`).set('accept', 'application/json')).body).toEqual({
      accepted: 1,
    });
    const events = await eventsAfter(mark, 10);
    const of = (id: string) =>
      events.filter((event) => event.data.id === id).map((event) => [event.type, event.data.status]);
    expect(of('c8y-1')).toEqual([
      ['cumulocity.registration.created', 'WAITING_FOR_CONNECTION'],
      ['cumulocity.registration.pending', 'PENDING_ACCEPTANCE'],
      ['cumulocity.registration.accepted', 'ACCEPTED'],
      ['cumulocity.registration.credentials-issued', 'ACCEPTED'],
    ]);
    expect(of('c8y-2')).toEqual([
      ['cumulocity.registration.created', 'WAITING_FOR_CONNECTION'],
      ['cumulocity.registration.pending', 'PENDING_ACCEPTANCE'],
      ['cumulocity.registration.blocked', 'BLOCKED'],
    ]);
    expect(of('c8y-3')).toEqual([
      ['cumulocity.registration.created', 'WAITING_FOR_CONNECTION'],
      ['cumulocity.registration.pending', 'PENDING_ACCEPTANCE'],
      ['cumulocity.registration.accepted', 'ACCEPTED'],
    ]);
    expect(events[0].data.self).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/devicecontrol\/newDeviceRequests\/c8y-1$/,
    );
    expect(JSON.stringify(events)).not.toContain(issued.body.password as string);
  });

  it('names a resource too large to carry by its id, and the change still succeeds', async () => {
    const mark = receiver.events.length;
    await as()
      .post('/devicecontrol/newDeviceRequests', { id: 'c8y-big', c8y_Notes: { text: 'x'.repeat(60_000) } })
      .set('accept', 'application/json')
      .expect(201);
    const [event] = await eventsAfter(mark, 1);
    expect(event).toMatchObject({
      type: 'cumulocity.registration.created',
      data: { id: 'c8y-big', omitted: 'larger than 60000 bytes' },
    });
  });

  it('Cumulocity: a background bulk import finished', async () => {
    const mark = receiver.events.length;
    const job = await uploadCsv(t.http, ops, csvFile('ID;CREDENTIALS', 'bulk-1;pw', 'bulk-2;'))
      .set('prefer', 'respond-async')
      .expect(202);
    const shown = await settledJob(t.http, ops, job.body.id as string);
    const [event] = (await eventsAfter(mark, 1)).filter((one) => one.type.includes('bulk-import'));
    expect(event.type).toBe('cumulocity.bulk-import.finished');
    // supertest listens on a new port per request: the origin differs, the rest is what GET shows.
    const withoutOrigin = (job: object) =>
      JSON.parse(JSON.stringify(job).replace(/http:\/\/127\.0\.0\.1:\d+/g, ''));
    expect(withoutOrigin(event.data)).toEqual(withoutOrigin(shown));
    expect(event.data).toMatchObject({ state: 'COMPLETED', numberOfCreated: 1, numberOfFailed: 1 });
    expect(shown.self).toContain(`${BULK}/jobs/`);
  });

  it('Cumulocity: a bulk import whose instance died is failed with its event, once, by whichever instance looks', async () => {
    const otherInstance = await t.startAnotherInstance();
    const other = request(otherInstance.getHttpServer());
    const stale = new Date(Date.now() - 61_000);
    const id = '00000000-0000-4000-8000-0000000000d1';
    await t.app.get(DataSource).getRepository(BulkImportJobEntity).insert({
      id,
      tenantId: 'acme',
      state: 'RUNNING',
      allOrNothing: false,
      dryRun: false,
      rowsTotal: 10,
      rowsDone: 4,
      created: 3,
      credentialsUpdated: 0,
      failed: 1,
      failure: null,
      origin: 'https://gateway.example.com',
      createdAt: stale,
      heartbeatAt: stale,
    });
    const mark = receiver.events.length;
    const [seen, seenByOther] = await Promise.all([
      t.http.get(`${BULK}/jobs/${id}`).set('authorization', ops),
      other.get(`${BULK}/jobs/${id}`).set('authorization', ops),
    ]);
    await otherInstance.close(); // on SQLite a second writer would contend with the next tests
    expect(seenByOther.body).toMatchObject({ state: 'FAILED', failure: seen.body.failure });
    const events = await eventsAfter(mark, 1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'cumulocity.bulk-import.finished', requestId: null });
    const self = `https://gateway.example.com${BULK}/jobs/${id}`;
    expect(events[0].data).toEqual({ ...seen.body, self, report: `${self}/report.csv` });
    expect(events[0].data).toMatchObject({
      state: 'FAILED',
      rowsDone: 4,
      numberOfCreated: 3,
      numberOfFailed: 1,
      failure:
        'Interrupted: no heartbeat since the instance running it stopped. Lines not in the report were not imported; upload them again.',
    });
  });

  it('APIO: access device provisioned and deleted; a failed provisioning sends rolled-back, never provisioned', async () => {
    const mark = receiver.events.length;
    const base = '/api/v1/tenants/acme/groups/g/advanced_access_devices/';
    const created = await as().post(base, {
      deviceName: 'desk-1',
      deviceType: 'Desk',
      macAddress: '0A0B0C0D0E01',
    });
    expect(created.status).toBe(200);
    vendor.fail('PUT', 'status500');
    const failed = await as().post(base, {
      deviceName: 'desk-2',
      deviceType: 'Desk',
      macAddress: '0A0B0C0D0E02',
    });
    expect(failed.status).toBe(400);
    await as().delete(`${base}desk-1/`).expect(200);
    const events = await eventsAfter(mark, 3);
    const provisioned = events.filter((event) => event.type !== 'apio.access-device.rolled-back');
    expect(summary(provisioned, 'deviceName')).toEqual([
      ['apio.access-device.provisioned', 'desk-1'],
      ['apio.access-device.deleted', 'desk-1'],
    ]);
    expect(provisioned[0].data).toMatchObject({ deviceType: 'Desk', macAddress: '0A0B0C0D0E01' });
    expect(JSON.stringify(provisioned[0].data)).not.toMatch(/"password"|activationCode/i);
    const rolledBack = events.filter((event) => event.type === 'apio.access-device.rolled-back');
    expect(rolledBack.map((event) => event.data)).toContainEqual({
      macAddress: '0A0B0C0D0E02',
      server: 'redirect',
      provisioningId: expect.any(String),
    });
    expect(redirect.records.has('0A0B0C0D0E02')).toBe(false);
  });

  it('Primis: access granted and denied, zone state changed, each with the decision as audited', async () => {
    const uuid = 'f7826da6-4fa2-4e98-8024-bc5b71e0893e';
    const user = await tenantUser(t.http, 'acme', ['MOBILE_USER'], 'alice@acme.test');
    const mobileAdmin = (await tenantUser(t.http, 'acme', ['MOBILE_ADMIN'], 'bob@acme.test')).auth;
    await insertRows(t.app, 'mobile_sites', [site('acme', 'hq', 'UTC')]);
    await insertRows(t.app, 'mobile_beacons', [beacon('acme', 'b1', uuid, 1, 1)]);
    await insertRows(t.app, 'mobile_controlled_areas', [area('acme', 'hq', 'A1', 'Lobby', { beacon: 'b1' })]);
    await insertRows(t.app, 'mobile_schedules', [schedule('acme', 'hq', 1, 'Always')]);
    await insertRows(t.app, 'mobile_schedule_periods', [period('acme', 1, 0, {})]);
    await insertRows(t.app, 'mobile_access_groups', [accessGroup('acme', 'hq', 1, 'Staff')]);
    await insertRows(t.app, 'mobile_access_group_areas', [
      { tenant_id: 'acme', access_group_id: 1, controlled_area_id: 'A1' },
    ]);
    await insertRows(t.app, 'mobile_access_group_schedules', [
      { tenant_id: 'acme', access_group_id: 1, schedule_id: 1 },
    ]);
    await insertRows(t.app, 'mobile_user_access_groups', [
      { tenant_id: 'acme', user_id: user.id, access_group_id: 1 },
    ]);
    const ask = () =>
      as(user.auth).post('/api/mobile/geolocation/access', { beacon: { uuid, major: 1, minor: 1 } });
    const mark = receiver.events.length;

    expect((await ask()).body.primisResult).toMatchObject({ result: 'granted', zoneid: 'A1' });
    await as(mobileAdmin).post('/api/mobile/zone_state', { 'zone-id': 'A1', state: 13 }).expect(201);
    expect((await ask()).body.primisResult).toMatchObject({ result: 'denied', zoneid: 'A1' });

    // Ordered per resource: the area's decisions in order; its state change is another resource.
    const events = await eventsAfter(mark, 3);
    const decisions = events.filter((event) => event.type.startsWith('primis.access.'));
    const [changed] = events.filter((event) => event.type === 'primis.zone.state-changed');
    expect(events).toHaveLength(3);
    expect(decisions.map((event) => event.type)).toEqual(['primis.access.granted', 'primis.access.denied']);
    expect(decisions[0].data).toMatchObject({
      email: 'alice@acme.test',
      userId: user.id,
      zoneId: 'A1',
      method: 'beacon',
      result: 'granted',
      reason: null,
    });
    expect(decisions[1].data).toMatchObject({ zoneId: 'A1', result: 'denied', reason: expect.any(String) });
    expect(changed.data).toEqual({
      zoneId: 'A1',
      state: 'LOCKDOWN',
      stateCode: 13,
      unlockedUntil: null,
      by: 'bob@acme.test',
    });
  });
});
