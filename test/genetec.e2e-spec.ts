import request from 'supertest';
import { DataSource } from 'typeorm';
import { DeviceCredentialsService } from '../src/modules/devices/device-credentials.service';
import { deviceIdFor } from '../src/modules/devices/device-id';
import { ADMIN_AUTH, startTestApp, type TestApp, tenantUser } from './support/test-app';
import { statementsDuring } from './support/statements';
import { onMysql } from './support/test-database';

const identity = (serial: string, extra: Record<string, string> = {}) => ({
  SerialNumber: serial,
  Manufacturer: 'genetec',
  ...extra,
});

describe('Genetec Clearance: devices, activation, credentials, negotiation', () => {
  let t: TestApp;
  let operator: Awaited<ReturnType<typeof tenantUser>>;
  const base = '/api/v1/tenant/genetec';
  const privateBase = '/api/v1-private/tenant/genetec';
  const as = (auth = operator.auth) => ({
    post: (path: string, body?: object) => t.http.post(path).set('authorization', auth).send(body),
    get: (path: string) => t.http.get(path).set('authorization', auth),
    put: (path: string, body: object) => t.http.put(path).set('authorization', auth).send(body),
  });
  const addDevice = async (serial: string, type = 'BodyWornCamera') =>
    (await as().post(`${base}/device`, { DeviceIdentification: identity(serial), DeviceType: type })).body
      .Id as string;
  const negotiate = (serial: string, body: object) =>
    as().post(`${base}/configuration/negociate`, {
      DeviceId: identity(serial),
      DeviceType: 'BodyWornCamera',
      ...body,
    });
  const configuration = async (deviceId: string) =>
    (await as().get(`${base}/device/${deviceId}/configuration`)).body;

  beforeAll(async () => {
    t = await startTestApp({ NEGOTIATION_TTL_SECONDS: '2', DEVICE_DOCUMENT_LIMIT_BYTES: '2048' });
    operator = await tenantUser(t.http, 'genetec', ['MANAGE_DEVICES']);
    await tenantUser(t.http, 'other', ['MANAGE_DEVICES']);
  });
  afterAll(() => t.close());

  describe('devices', () => {
    it('adds a device, inactive, with an id derived from SerialNumber and Manufacturer', async () => {
      const res = await as().post(`${base}/device`, {
        DeviceIdentification: identity('1234', { Model: 'clearance', CommonName: 'guide-1' }),
        DeviceType: 'None',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        Id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        DeviceIdentification: {
          SerialNumber: '1234',
          Manufacturer: 'genetec',
          Model: 'clearance',
          CommonName: 'guide-1',
        },
        DeviceType: 'None',
        Active: false,
        CreatedAt: expect.any(String),
        UpdatedAt: expect.any(String),
      });
      const again = await as().post(`${base}/device`, {
        DeviceIdentification: identity('1234', { Model: 'other', CommonName: 'other' }),
        DeviceType: 'None',
      });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        code: 'device_exists',
        detail: expect.stringContaining(res.body.Id),
      });
      expect(again.headers.location).toBe(`${base}/device/${res.body.Id}`);
      // Same pair, other case: another device (the fields are compared exactly).
      const other = await as().post(`${base}/device`, {
        DeviceIdentification: { SerialNumber: '1234', Manufacturer: 'Genetec' },
        DeviceType: 'None',
      });
      expect(other.status).toBe(201);
      expect(other.body.Id).not.toBe(res.body.Id);
    });

    it('names each invalid field and writes nothing', async () => {
      const res = await as().post(`${base}/device`, {
        DeviceIdentification: { Manufacturer: 7, Extra: 1 },
        DeviceType: '',
      });
      expect(res.status).toBe(400);
      const fields = new Set(res.body.errors.map((error: { field: string }) => error.field));
      expect([...fields].sort()).toEqual([
        'DeviceIdentification.Manufacturer',
        'DeviceIdentification.SerialNumber',
        'DeviceType',
      ]);
      expect((await as().post(`${base}/device`, { DeviceType: 'None' })).body.errors[0].field).toBe(
        'DeviceIdentification',
      );
    });

    it('ignores properties the Device Service document does not list, as the vendor does, and stores none', async () => {
      const res = await as().post(`${base}/device`, {
        DeviceIdentification: identity('tolerant-1', { Firmware: '2.1' }),
        DeviceType: 'Tolerant',
        Colour: 'red',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        Id: expect.any(String),
        DeviceIdentification: { SerialNumber: 'tolerant-1', Manufacturer: 'genetec' },
        DeviceType: 'Tolerant',
        Active: false,
        CreatedAt: expect.any(String),
        UpdatedAt: expect.any(String),
      });
      expect((await as().get(`${base}/device/${res.body.Id}`)).body).toEqual(res.body);
      const listed = await as().get(`${base}/device?type=Tolerant&colour=red&per_page=100`);
      expect(listed.status).toBe(200);
      expect(listed.body.map((device: { Id: string }) => device.Id)).toContain(res.body.Id);

      const negotiated = await negotiate('tolerant-1', {
        DeviceId: identity('tolerant-1', { Firmware: '2.1' }),
        Configuration: { a: 1 },
        Reason: 'a newer client',
      });
      expect(negotiated.status).toBe(304);
      const stored = await configuration(res.body.Id);
      expect(stored).toMatchObject({ Desired: { a: 1 } });
      expect(JSON.stringify(stored)).not.toContain('a newer client');
      const credentials = await as().post(`${privateBase}/credential`, {
        DeviceId: identity('tolerant-1'),
        DeviceType: 'Tolerant',
        Since: 'yesterday',
      });
      expect(credentials.status).toBe(200);
      expect(credentials.body).toEqual([]);
    });

    it('gets and lists devices with filters and Link paging; other tenants and unknown ids are 404', async () => {
      const camera = await addDevice('list-1', 'Camera');
      await addDevice('list-2', 'Camera');
      await addDevice('list-3', 'Radio');
      const got = await as().get(`${base}/device/${camera}`);
      expect(got.body.DeviceIdentification.SerialNumber).toBe('list-1');
      const cameras = await as().get(`${base}/device?type=Camera&per_page=1`);
      expect(cameras.body).toHaveLength(1);
      expect(cameras.headers.link).toContain('rel="next"');
      const all = await as().get(`${base}/device?type=Camera&per_page=10`);
      expect(
        all.body
          .map(
            (device: { DeviceIdentification: { SerialNumber: string } }) =>
              device.DeviceIdentification.SerialNumber,
          )
          .sort(),
      ).toEqual(['list-1', 'list-2']);
      expect((await as().get(`${base}/device?active=maybe`)).status).toBe(400);
      const otherTenant = await tenantUser(t.http, 'other', ['MANAGE_DEVICES'], 'second@other.test');
      expect((await as(otherTenant.auth).get(`${base}/device/${camera}`)).status).toBe(404);
      expect((await as(otherTenant.auth).get(`/api/v1/tenant/other/device/${camera}`)).status).toBe(404);
      expect((await as().get(`${base}/device/00000000-0000-5000-8000-000000000000`)).body.code).toBe(
        'device_not_found',
      );
      // The spec's own example id (1234) is not a derived id: no such device.
      expect((await as().get(`${base}/device/1234`)).body.code).toBe('device_not_found');
      expect((await as(ADMIN_AUTH).get('/api/v1/tenant/nowhere/device')).status).toBe(404);
    });

    it('answers canmanage for any caller; every other route needs MANAGE_DEVICES', async () => {
      const reader = await tenantUser(t.http, 'genetec', ['ADMISSION_READ']);
      expect((await as().get(`${base}/device/canmanage`)).body).toBe(true);
      expect((await as(reader.auth).get(`${base}/device/canmanage`)).body).toBe(false);
      expect((await as(reader.auth).get(`${base}/device/canmanage`).set('accept', 'text/plain')).text).toBe(
        'false',
      );
      expect((await as(reader.auth).get(`${base}/device`)).status).toBe(403);
      expect((await t.http.get(`${base}/device/canmanage`)).status).toBe(401);
    });

    it('activates and deactivates idempotently, in text/plain when asked, JSON otherwise', async () => {
      const id = await addDevice('activate-1');
      const text = await as().post(`${privateBase}/device/${id}/activate`).set('accept', 'text/plain');
      expect(text.status).toBe(200);
      expect(text.headers['content-type']).toMatch(/^text\/plain/);
      expect(text.text).toBe('active');
      const json = await as().post(`${privateBase}/device/${id}/activate`);
      expect(json.body).toMatchObject({ Id: id, Active: true });
      expect(
        (await as().post(`${privateBase}/device/${id}/deactivate`).set('accept', 'text/plain')).text,
      ).toBe('inactive');
      expect((await as().post(`${privateBase}/device/${id}/deactivate`)).body.Active).toBe(false);
      expect(
        (await as().post(`${privateBase}/device/00000000-0000-5000-8000-000000000000/activate`)).status,
      ).toBe(404);
    });

    it(`holds the active device limit under concurrent activations${onMysql() ? ' on two instances' : ''}`, async () => {
      await t.http
        .post('/api/v1/tenants')
        .set('authorization', ADMIN_AUTH)
        .send({ id: 'limited', name: 'Limited', activeDeviceLimit: 5 });
      const user = await tenantUser(t.http, 'limited', ['MANAGE_DEVICES']);
      const ids: string[] = [];
      for (let i = 0; i < 16; i += 1) {
        const res = await as(user.auth).post('/api/v1/tenant/limited/device', {
          DeviceIdentification: identity(`limit-${i}`),
          DeviceType: 'Camera',
        });
        ids.push(res.body.Id);
      }
      const servers = [t.app.getHttpServer()];
      if (onMysql()) servers.push((await t.startAnotherInstance()).getHttpServer());
      const results = await Promise.all(
        ids.map((id, i) =>
          request(servers[i % servers.length])
            .post(`/api/v1-private/tenant/limited/device/${id}/activate`)
            .set('authorization', user.auth),
        ),
      );
      expect(results.filter((res) => res.status === 200)).toHaveLength(5);
      const refused = results.filter((res) => res.status !== 200);
      expect(refused).toHaveLength(11);
      for (const res of refused)
        expect(res.body).toMatchObject({ status: 409, code: 'active_device_limit_reached' });
      const active = await as(user.auth).get('/api/v1/tenant/limited/device?active=true&per_page=100');
      expect(active.body).toHaveLength(5);
      // Deactivating one frees exactly one place.
      await as(user.auth).post(`/api/v1-private/tenant/limited/device/${active.body[0].Id}/deactivate`);
      const inactive = ids.filter((id) => !active.body.some((device: { Id: string }) => device.Id === id));
      expect(
        (await as(user.auth).post(`/api/v1-private/tenant/limited/device/${inactive[0]}/activate`)).status,
      ).toBe(200);
      expect(
        (await as(user.auth).post(`/api/v1-private/tenant/limited/device/${inactive[1]}/activate`)).status,
      ).toBe(409);
    });

    it('documents that devices cannot be deleted', async () => {
      const doc = await t.http.get('/docs-json');
      expect(doc.body.paths['/api/v1/tenant/{tenantId}/device'].post.description).toContain(
        'There is no delete',
      );
      expect(doc.body.paths['/api/v1/tenant/{tenantId}/device/{deviceId}'].delete).toBeUndefined();
      expect(
        doc.body.paths['/api/v1/tenant/{tenantId}/configuration/negociate'].post.responses['304'],
      ).toBeDefined();
    });
  });

  describe('negotiation and credentials', () => {
    it('registers an unknown device on first negotiation, adopts its configuration, and then answers 304', async () => {
      const first = await negotiate('neg-1', {
        Capabilities: { space: 10 },
        Configuration: { a: 1, b: { x: 1, y: 2 } },
      });
      expect(first.status).toBe(304);
      expect(first.text).toBe('');
      const devices = await as().get(`${base}/device?type=BodyWornCamera&per_page=100`);
      const device = devices.body.find(
        (d: { DeviceIdentification: { SerialNumber: string } }) =>
          d.DeviceIdentification.SerialNumber === 'neg-1',
      );
      expect(device).toMatchObject({ Active: false });
      // Key order does not matter; capabilities are stored even on a 304.
      const again = await negotiate('neg-1', {
        Capabilities: { space: 7 },
        Configuration: { b: { y: 2, x: 1 }, a: 1 },
      });
      expect(again.status).toBe(304);
      expect(await configuration(device.Id)).toMatchObject({
        Desired: { a: 1, b: { x: 1, y: 2 } },
        Applied: null,
        Capabilities: { space: 7 },
        Transactions: [],
      });
    });

    it('answers a repeated poll with nothing changed by one read after authentication, and writes nothing', async () => {
      const poll = { Capabilities: { space: 3 }, Configuration: { a: 1 } };
      expect((await negotiate('neg-quiet', poll)).status).toBe(304); // registers it; Basic now cached
      const statements = await statementsDuring(t.app.get(DataSource), async () => {
        expect((await negotiate('neg-quiet', poll)).status).toBe(304);
      });
      expect(statements.filter((sql) => !/^SELECT .* FROM users WHERE /.test(sql))).toEqual([
        expect.stringMatching(/^SELECT desired_hash .* FROM device_configurations WHERE /),
      ]);
    });

    it('offers the desired configuration, and a commit makes it the applied one', async () => {
      await negotiate('neg-2', { Configuration: { version: 1 } });
      const deviceId = (await as().get(`${base}/device?per_page=500`)).body.find(
        (d: { DeviceIdentification: { SerialNumber: string } }) =>
          d.DeviceIdentification.SerialNumber === 'neg-2',
      ).Id;
      const set = await as().put(`${base}/device/${deviceId}/configuration`, {
        Configuration: { version: 2 },
      });
      expect(set.status).toBe(200);
      expect(set.body.Desired).toEqual({ version: 2 });
      const offered = await negotiate('neg-2', { Capabilities: { c: 1 }, Configuration: { version: 1 } });
      expect(offered.status).toBe(200);
      expect(offered.body).toEqual({ TransactionId: expect.any(String), Configuration: { version: 2 } });
      const committed = await as().post(`${base}/configuration/commit`, {
        DeviceId: identity('neg-2'),
        TransactionId: offered.body.TransactionId,
      });
      expect(committed.status).toBe(200);
      expect(committed.body).toMatchObject({
        TransactionId: offered.body.TransactionId,
        Status: 'Committed',
      });
      expect(await configuration(deviceId)).toMatchObject({
        Desired: { version: 2 },
        Applied: { version: 2 },
      });
      expect((await negotiate('neg-2', { Configuration: { version: 2 } })).status).toBe(304);
      // Committing again changes nothing.
      const twice = await as().post(`${base}/configuration/commit`, {
        DeviceId: identity('neg-2'),
        TransactionId: offered.body.TransactionId,
      });
      expect(twice.status).toBe(409);
      expect(twice.body).toMatchObject({
        code: 'transaction_closed',
        detail: expect.stringContaining('committed'),
      });
    });

    it('records a rejection with its reason, and requires both reason fields', async () => {
      const deviceId = await addDevice('neg-3');
      await as().put(`${base}/device/${deviceId}/configuration`, { Configuration: { mode: 'new' } });
      const offered = await negotiate('neg-3', { Configuration: { mode: 'old' } });
      const incomplete = await as().post(`${base}/configuration/reject`, {
        DeviceId: identity('neg-3'),
        TransactionId: offered.body.TransactionId,
        ReasonCode: 'er2019',
      });
      expect(incomplete.status).toBe(400);
      expect(incomplete.body.errors[0].field).toBe('ReasonMessage');
      const rejected = await as().post(`${base}/configuration/reject`, {
        DeviceId: identity('neg-3'),
        TransactionId: offered.body.TransactionId,
        ReasonCode: 'er2019',
        ReasonMessage: 'corrupted',
      });
      expect(rejected.body).toMatchObject({
        Status: 'Rejected',
        ReasonCode: 'er2019',
        ReasonMessage: 'corrupted',
      });
      const state = await configuration(deviceId);
      expect(state.Applied).toBeNull();
      expect(state.Transactions).toEqual([
        expect.objectContaining({
          TransactionId: offered.body.TransactionId,
          Status: 'Rejected',
          ReasonCode: 'er2019',
          ReasonMessage: 'corrupted',
          Configuration: { mode: 'new' },
        }),
      ]);
    });

    it('supersedes an older transaction, and refuses to close superseded, unknown, foreign or expired ones', async () => {
      const deviceId = await addDevice('neg-4');
      await as().put(`${base}/device/${deviceId}/configuration`, { Configuration: { step: 'target' } });
      const older = await negotiate('neg-4', { Configuration: { step: 'current' } });
      const newer = await negotiate('neg-4', { Configuration: { step: 'current' } });
      const commitOlder = await as().post(`${base}/configuration/commit`, {
        DeviceId: identity('neg-4'),
        TransactionId: older.body.TransactionId,
      });
      expect(commitOlder.status).toBe(409);
      expect(commitOlder.body.detail).toContain('superseded');
      const unknown = await as().post(`${base}/configuration/commit`, {
        DeviceId: identity('neg-4'),
        TransactionId: 'no-such-transaction',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('transaction_not_found');
      const foreignDevice = await as().post(`${base}/configuration/commit`, {
        DeviceId: identity('neg-other'),
        TransactionId: newer.body.TransactionId,
      });
      expect(foreignDevice.status).toBe(404);
      const otherTenant = await tenantUser(t.http, 'other', ['MANAGE_DEVICES'], 'third@other.test');
      const foreignTenant = await as(otherTenant.auth).post('/api/v1/tenant/other/configuration/commit', {
        DeviceId: identity('neg-4'),
        TransactionId: newer.body.TransactionId,
      });
      expect(foreignTenant.status).toBe(404);
      await new Promise((resolve) => setTimeout(resolve, 2100)); // NEGOTIATION_TTL_SECONDS=2
      const expired = await as().post(`${base}/configuration/commit`, {
        DeviceId: identity('neg-4'),
        TransactionId: newer.body.TransactionId,
      });
      expect(expired.status).toBe(409);
      expect(expired.body.code).toBe('transaction_expired');
      const state = await configuration(deviceId);
      expect(state.Applied).toBeNull();
      expect(state.Transactions.map((transaction: { Status: string }) => transaction.Status)).toEqual([
        'Expired',
        'Superseded',
      ]);
    });

    it('lets exactly one of several concurrent commits of one transaction win', async () => {
      const deviceId = await addDevice('neg-5');
      await as().put(`${base}/device/${deviceId}/configuration`, { Configuration: { race: true } });
      const offered = await negotiate('neg-5', { Configuration: { race: false } });
      const body = { DeviceId: identity('neg-5'), TransactionId: offered.body.TransactionId };
      const results = await Promise.all(
        Array.from({ length: 6 }, () => as().post(`${base}/configuration/commit`, body)),
      );
      expect(results.map((res) => res.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    });

    it('keeps a credential pending (no 304) until its transaction commits, then makes it current', async () => {
      const first = await negotiate('cred-1', {
        Configuration: { a: 1 },
        Credential: { DeviceCredential: 'secret-one' },
      });
      expect(first.status).toBe(200);
      const list = () =>
        as().post(`${privateBase}/credential`, {
          DeviceId: identity('cred-1'),
          DeviceType: 'BodyWornCamera',
        });
      expect((await list()).body).toEqual([
        { DeviceCredential: 'secret-one', State: 'Pending', TransactionId: first.body.TransactionId },
      ]);
      // Same configuration, but a credential waits: no 304; the new transaction carries it over.
      const second = await negotiate('cred-1', { Configuration: { a: 1 } });
      expect(second.status).toBe(200);
      expect((await list()).body).toEqual([
        { DeviceCredential: 'secret-one', State: 'Pending', TransactionId: second.body.TransactionId },
      ]);
      await as().post(`${base}/configuration/commit`, {
        DeviceId: identity('cred-1'),
        TransactionId: second.body.TransactionId,
      });
      expect((await list()).body).toEqual([
        { DeviceCredential: 'secret-one', State: 'Current', TransactionId: second.body.TransactionId },
      ]);
      expect((await negotiate('cred-1', { Configuration: { a: 1 } })).status).toBe(304);
      // Reporting the current credential again (as a device may on every poll) changes nothing: 304.
      for (let poll = 0; poll < 3; poll += 1)
        expect(
          (
            await negotiate('cred-1', {
              Configuration: { a: 1 },
              Credential: { DeviceCredential: 'secret-one' },
            })
          ).status,
        ).toBe(304);
      expect((await list()).body).toEqual([
        { DeviceCredential: 'secret-one', State: 'Current', TransactionId: second.body.TransactionId },
      ]);

      // A newer credential replaces the current one on commit; a failed report removes it.
      const third = await negotiate('cred-1', {
        Configuration: { a: 1 },
        Credential: { DeviceCredential: 'secret-two' },
      });
      await as().post(`${base}/configuration/commit`, {
        DeviceId: identity('cred-1'),
        TransactionId: third.body.TransactionId,
      });
      expect(
        (await list()).body.map((c: { DeviceCredential: string; State: string }) => [
          c.DeviceCredential,
          c.State,
        ]),
      ).toEqual([['secret-two', 'Current']]);
      const failed = await as().post(`${privateBase}/credential/failed`, {
        DeviceId: identity('cred-1'),
        Credentials: [{ DeviceCredential: 'secret-two' }, { DeviceCredential: 'never-seen' }],
      });
      expect(failed.body).toEqual({ MarkedFailed: 1 });
      expect((await list()).body).toEqual([]);
    });

    it('stores credentials encrypted, and answers an unknown device with 404', async () => {
      await negotiate('cred-2', {
        Configuration: { a: 1 },
        Credential: { DeviceCredential: 'plain-text-never-stored' },
      });
      const rows: { sealed_secret: string }[] = await t.app
        .get(DataSource)
        .query('SELECT sealed_secret FROM device_credentials');
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.sealed_secret).not.toContain('plain-text-never-stored');
      const unknown = await as().post(`${privateBase}/credential`, {
        DeviceId: identity('never-seen'),
        DeviceType: 'x',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('device_not_found');
      expect(
        (await as().post(`${privateBase}/credential`, { DeviceId: { SerialNumber: 'x' }, DeviceType: 'x' }))
          .status,
      ).toBe(400);
    });

    it('stores capabilities even when the rest of the negotiation fails', async () => {
      await negotiate('caps-1', { Capabilities: { v: 1 }, Configuration: { a: 1 } });
      const deviceId = (await as().get(`${base}/device?per_page=500`)).body.find(
        (d: { DeviceIdentification: { SerialNumber: string } }) =>
          d.DeviceIdentification.SerialNumber === 'caps-1',
      ).Id;
      const offer = jest
        .spyOn(t.app.get(DeviceCredentialsService), 'offer')
        .mockRejectedValueOnce(new Error('storage down'));
      try {
        const failing = await negotiate('caps-1', {
          Capabilities: { v: 2 },
          Configuration: { a: 1 },
          Credential: { DeviceCredential: 'new' },
        });
        expect(failing.status).toBe(500);
      } finally {
        offer.mockRestore();
      }
      const state = await configuration(deviceId);
      expect(state.Capabilities).toEqual({ v: 2 });
      expect(state.Transactions).toEqual([]); // the rest rolled back
      expect(state.CredentialPending).toBe(false);
    });

    it('answers 404 for the configuration of an unknown or foreign device, 400 for bad bodies', async () => {
      const deviceId = await addDevice('cfg-404');
      const unknown = '00000000-0000-5000-8000-000000000000';
      expect((await as().get(`${base}/device/${unknown}/configuration`)).body.code).toBe('device_not_found');
      expect(
        (await as().put(`${base}/device/${unknown}/configuration`, { Configuration: { a: 1 } })).status,
      ).toBe(404);
      const stranger = await tenantUser(t.http, 'other', ['MANAGE_DEVICES'], 'fourth@other.test');
      expect(
        (await as(stranger.auth).get(`/api/v1/tenant/other/device/${deviceId}/configuration`)).status,
      ).toBe(404);
      expect(
        (await as(stranger.auth).put(`${base}/device/${deviceId}/configuration`, { Configuration: { a: 1 } }))
          .status,
      ).toBe(404);
      expect(
        (await as().put(`${base}/device/${deviceId}/configuration`, { Configuration: [1, 2] })).status,
      ).toBe(400);
      expect((await configuration(deviceId)).Desired).toBeNull();
      const noCredentials = await as().post(`${privateBase}/credential/failed`, {
        DeviceId: identity('cfg-404'),
        Credentials: [],
      });
      expect(noCredentials.status).toBe(400);
      expect(noCredentials.body.errors[0].field).toBe('Credentials');
    });

    it('answers arrays where objects belong, and documents nested too deep, with 400', async () => {
      const cases: [string, object][] = [
        [`${base}/device`, { DeviceIdentification: [], DeviceType: 'x' }],
        [
          `${base}/configuration/negociate`,
          { DeviceId: [identity('arr')], DeviceType: 'x', Configuration: {} },
        ],
        [
          `${base}/configuration/negociate`,
          {
            DeviceId: identity('arr'),
            DeviceType: 'x',
            Configuration: {},
            Credential: [{ DeviceCredential: 'x' }],
          },
        ],
        [`${privateBase}/credential`, { DeviceId: [], DeviceType: 'x' }],
      ];
      for (const [path, body] of cases) {
        const res = await as().post(path, body);
        expect([path, res.status]).toEqual([path, 400]);
      }
      // Written as text: JSON.stringify itself cannot go 5,000 levels deep.
      const nested = `${'{"n":'.repeat(5000)}true${'}'.repeat(5000)}`;
      const body = `{"DeviceId":{"SerialNumber":"deep-1","Manufacturer":"genetec"},"DeviceType":"x","Configuration":${nested}}`;
      const deep = await t.http
        .post(`${base}/configuration/negociate`)
        .set('authorization', operator.auth)
        .set('content-type', 'application/json')
        .send(body);
      expect(deep.status).toBe(400);
      expect(deep.body.detail).toBe('JSON nests deeper than 64 levels');
    });

    it('accepts an empty body sent with a JSON content type where no body is expected', async () => {
      const id = await addDevice('empty-body');
      const res = await t.http
        .post(`${privateBase}/device/${id}/activate`)
        .set('authorization', operator.auth)
        .set('content-type', 'application/json')
        .send('');
      expect(res.status).toBe(200);
      expect(res.body.Active).toBe(true);
    });

    it('takes an operator PUT racing first negotiations without a deadlock or a 500', async () => {
      const serials = Array.from({ length: 6 }, (_, i) => `race-cfg-${i}`);
      const ids = await Promise.all(serials.map((serial) => addDevice(serial)));
      const results = await Promise.all([
        ...ids.map((id) =>
          as().put(`${base}/device/${id}/configuration`, { Configuration: { operator: true } }),
        ),
        ...serials.map((serial) => negotiate(serial, { Configuration: { device: true } })),
      ]);
      expect(results.filter((res) => res.status >= 500)).toEqual([]);
    });

    it('stores the Capabilities of a known device even when its Configuration is refused as too large', async () => {
      expect((await negotiate('caps-1', { Configuration: { a: 1 }, Capabilities: { v: 1 } })).status).toBe(
        304,
      );
      const refused = await negotiate('caps-1', {
        Configuration: { blob: 'x'.repeat(4096) },
        Capabilities: { v: 2 },
      });
      expect([refused.status, refused.body.code]).toEqual([413, 'document_too_large']);
      const id = deviceIdFor({ SerialNumber: 'caps-1', Manufacturer: 'genetec' });
      expect(await configuration(id)).toMatchObject({ Capabilities: { v: 2 }, Desired: { a: 1 } });
    });

    it('refuses an oversized Configuration with 413 and writes nothing', async () => {
      const res = await negotiate('huge-1', { Configuration: { blob: 'x'.repeat(4096) } });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('document_too_large');
      expect(
        (await as().get(`${base}/device?per_page=500`)).body.some(
          (d: { DeviceIdentification: { SerialNumber: string } }) =>
            d.DeviceIdentification.SerialNumber === 'huge-1',
        ),
      ).toBe(false);
      const wrongType = await negotiate('huge-1', { Configuration: 'not an object' });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.errors[0].field).toBe('Configuration');
    });
  });
});

describe('Genetec Clearance: documents at the default limit fit the database', () => {
  let t: TestApp;
  let auth: string;
  beforeAll(async () => {
    t = await startTestApp();
    auth = (await tenantUser(t.http, 'genetec', ['MANAGE_DEVICES'])).auth;
  });
  afterAll(() => t.close());

  /** A document whose canonical JSON is `bytes` long: {"blob":"x…x"}. */
  const sized = (bytes: number) => ({ blob: 'x'.repeat(bytes - '{"blob":""}'.length) });
  const negotiate = (body: object) =>
    t.http
      .post('/api/v1/tenant/genetec/configuration/negociate')
      .set('authorization', auth)
      .send({ DeviceId: { SerialNumber: 'big-1', Manufacturer: 'genetec' }, DeviceType: 'None', ...body });

  it('stores a Configuration and Capabilities of 65,535 bytes each, and refuses one byte more with 413', async () => {
    // A first negotiation registers the device and adopts what it runs: nothing to change (304).
    const first = await negotiate({ Configuration: sized(65_535), Capabilities: sized(65_535) });
    expect(first.status).toBe(304);
    const id = deviceIdFor({ SerialNumber: 'big-1', Manufacturer: 'genetec' });
    const stored = await t.http
      .get(`/api/v1/tenant/genetec/device/${id}/configuration`)
      .set('authorization', auth);
    expect(JSON.stringify(stored.body.Desired)).toHaveLength(65_535);
    expect(JSON.stringify(stored.body.Capabilities)).toHaveLength(65_535);
    const over = await negotiate({ Configuration: sized(65_536) });
    expect([over.status, over.body.code]).toEqual([413, 'document_too_large']);
  });
});
