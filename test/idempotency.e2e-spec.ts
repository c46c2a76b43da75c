import request from 'supertest';
import { DataSource } from 'typeorm';
import { IdempotencyPurger } from '../src/core/idempotency/idempotency-purger';
import { IdempotencyKeys } from '../src/core/idempotency/idempotency-keys';
import { keyRecordId, requestFingerprint } from '../src/core/idempotency/request-fingerprint';
import { csvFile, uploadCsv } from './support/bulk-csv';
import { FakeProvisioningServer } from './support/fake-provisioning-server';
import { ADMIN_AUTH, basic, startTestApp, type TestApp, tenantUser } from './support/test-app';
import { onMysql } from './support/test-database';

const APIO = '/api/v1/tenants/acme/groups/sales/advanced_access_devices/';
const GENETEC = '/api/v1/tenant/acme/device';
const C8Y = '/devicecontrol/newDeviceRequests';
const PHONE = {
  name: 'Desk',
  redirect: true,
  vendorServer: 'vendor',
  numberOfPorts: 2,
  hiddenCredentials: true,
};
const phone = (deviceName: string, macAddress: string) => ({
  deviceName,
  deviceType: PHONE.name,
  protocol: 'SIP 2.0',
  macAddress,
  transportProtocol: 'Unspecified',
  useCustomUserNamePassword: false,
});
const genetecDevice = (serial: string) => ({
  DeviceIdentification: { SerialNumber: serial, Manufacturer: 'genetec' },
  DeviceType: 'BodyWornCamera',
});
/** A lease of 1 s, renewed every 333 ms: a slow request keeps its key, a dead one frees it soon. */
const LEASE_SECONDS = 1;

describe('Idempotency-Key on state-changing routes', () => {
  jest.setTimeout(30_000);
  let t: TestApp;
  let apio: string;
  let operator: string;
  let operatorId: string;
  let operatorEmail: string;
  let c8yAdmin: string;
  let otherOperator: string;
  const redirect = new FakeProvisioningServer();
  const vendor = new FakeProvisioningServer();
  const server = () => t.app.getHttpServer();
  const count = async (sql: string) =>
    Number(
      (await t.app.get(DataSource).query<{ n: number | string }[]>(`SELECT COUNT(*) AS n FROM ${sql}`))[0].n,
    );

  const createPhone = (key: string | undefined, body: object, target = server()) => {
    const call = request(target).post(APIO).set('authorization', apio);
    return key === undefined ? call.send(body) : call.set('idempotency-key', key).send(body);
  };

  beforeAll(async () => {
    t = await startTestApp({
      IDEMPOTENCY_LEASE_SECONDS: String(LEASE_SECONDS),
      RECONCILER_INTERVAL_MS: '3600000',
      COMPENSATION_ORPHAN_AFTER_MS: '3600000',
    });
    const [redirectUrl, vendorUrl] = await Promise.all([redirect.start(), vendor.start()]);
    redirect.hangMs = vendor.hangMs = 1500;
    const tenantAdmin = (await tenantUser(t.http, 'acme', ['TENANT_ADMIN'])).auth;
    apio = (await tenantUser(t.http, 'acme', ['ACCESS_DEVICE_ADMIN'])).auth;
    ({
      auth: operator,
      id: operatorId,
      email: operatorEmail,
    } = await tenantUser(t.http, 'acme', ['MANAGE_DEVICES']));
    c8yAdmin = (await tenantUser(t.http, 'acme', ['ROLE_DEVICE_CONTROL_ADMIN'])).auth;
    otherOperator = (await tenantUser(t.http, 'acme', ['MANAGE_DEVICES'], 'second@acme.test')).auth;
    for (const [name, baseUrl] of [
      ['redirect', redirectUrl],
      ['vendor', vendorUrl],
    ])
      await t.http
        .put(`/api/v1/tenants/acme/provisioning_servers/${name}/`)
        .set('authorization', tenantAdmin)
        .send({ baseUrl, timeoutMs: 5000 });
    expect(
      (await t.http.post('/api/v1/phone_types/').set('authorization', tenantAdmin).send(PHONE)).status,
    ).toBe(200);
  });

  afterAll(async () => {
    await Promise.all([redirect.stop(), vendor.stop()]);
    await t?.close();
  });

  afterEach(() => {
    redirect.reset();
    vendor.reset();
  });

  describe('a repeat with the same key, caller and request', () => {
    it('answers the stored status, headers and body, provisioning once', async () => {
      const first = await createPhone('phone-1', phone('Lobby', '00000000000A'));
      const again = await createPhone('"phone-1"', phone('Lobby', '00000000000A'));

      expect(first.status).toBe(200);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers['content-type']).toBe(first.headers['content-type']);
      expect(again.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
      expect(again.text).toBe(first.text);
      expect(again.body).toMatchObject({ deviceName: 'Lobby', macAddress: '00000000000A' });
      expect(vendor.calls).toEqual(['PUT 00000000000A']);
      expect(redirect.calls).toEqual(['PUT 00000000000A']);
      expect(await count("access_devices WHERE device_name = 'Lobby'")).toBe(1);
    });

    it('replays PUT, PATCH and DELETE too: a replayed DELETE answers its 204, not the 404 a second run would', async () => {
      const admin = (await tenantUser(t.http, 'acme', ['TENANT_ADMIN'], 'keys-admin@acme.test')).auth;
      const hooks = '/api/v1/tenants/acme/webhooks';
      const endpoint = await request(server())
        .post(hooks)
        .set('authorization', admin)
        .send({ url: 'http://127.0.0.1:9/hooks', eventTypes: ['genetec.device.added'] })
        .expect(201);
      const keyed = (method: 'put' | 'patch' | 'delete', path: string, key: string, body?: object) => {
        const call = request(server())[method](path).set('authorization', admin).set('idempotency-key', key);
        return body ? call.send(body) : call;
      };
      const calls = [
        () =>
          keyed('put', '/api/v1/tenants/acme/provisioning_servers/keyed/', 'put-1', {
            baseUrl: 'http://127.0.0.1:9/api',
          }),
        () => keyed('patch', `${hooks}/${endpoint.body.id as string}`, 'patch-1', { description: 'keyed' }),
        () => keyed('delete', `${hooks}/${endpoint.body.id as string}`, 'delete-1'),
      ];
      for (const call of calls) {
        const first = await call();
        const again = await call();
        expect(first.status).toBeLessThan(300);
        expect(first.headers['idempotent-replayed']).toBeUndefined();
        expect({
          status: again.status,
          replayed: again.headers['idempotent-replayed'],
          text: again.text,
        }).toEqual({
          status: first.status,
          replayed: 'true',
          text: first.text,
        });
      }
      const gone = await request(server())
        .delete(`${hooks}/${endpoint.body.id as string}`)
        .set('authorization', admin);
      expect(gone.status).toBe(404);
    });

    it('replays an error answer with its Location (Genetec 409), and the create it names ran once', async () => {
      const created = await request(server())
        .post(GENETEC)
        .set('authorization', operator)
        .set('idempotency-key', 'genetec-create')
        .send(genetecDevice('G-1'));
      const conflict = () =>
        request(server())
          .post(GENETEC)
          .set('authorization', operator)
          .set('idempotency-key', 'genetec-conflict')
          .send(genetecDevice('G-1'));
      const first = await conflict();
      const replayed = await conflict();

      expect(created.status).toBe(201);
      expect(first.status).toBe(409);
      expect(first.headers.location).toContain(created.body.Id);
      expect(replayed.status).toBe(409);
      expect(replayed.headers['idempotent-replayed']).toBe('true');
      expect(replayed.headers.location).toBe(first.headers.location);
      expect(replayed.headers['content-type']).toBe(first.headers['content-type']);
      expect(replayed.body).toEqual(first.body);
      expect(await count("devices WHERE tenant_id = 'acme'")).toBe(1);
    });

    it('replays what a Cumulocity create without Accept answered: an empty body, even to a retry that sends Accept', async () => {
      const create = (accept?: string) => {
        const call = request(server())
          .post(C8Y)
          .set('authorization', c8yAdmin)
          .set('idempotency-key', 'c8y-1')
          .set('content-type', 'application/json');
        return (accept ? call.set('accept', accept) : call).send(JSON.stringify({ id: 'c8y-device-1' }));
      };
      const first = await create();
      const again = await create('application/json');

      expect(first.status).toBe(201);
      expect(first.text).toBe('');
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.text).toBe('');
      expect(again.headers['content-type']).toBe(first.headers['content-type']);
      expect(await count("new_device_requests WHERE device_id = 'c8y-device-1'")).toBe(1);
    });

    it('replays the answer of a handler that sends its own reply (Genetec negotiation)', async () => {
      const negotiate = (Configuration: object, key?: string) => {
        const call = request(server())
          .post('/api/v1/tenant/acme/configuration/negociate')
          .set('authorization', operator);
        return (key ? call.set('idempotency-key', key) : call).send({
          DeviceId: genetecDevice('N-1').DeviceIdentification,
          DeviceType: 'BodyWornCamera',
          Configuration,
        });
      };
      expect((await negotiate({ a: 1 })).status).toBe(304); // registers the device with this configuration
      const first = await negotiate({ a: 2 }, 'negotiation-1');
      const again = await negotiate({ a: 2 }, 'negotiation-1');

      expect(first.status).toBe(200);
      expect(first.body.TransactionId).toEqual(expect.any(String));
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    });
  });

  describe('a key is the caller’s', () => {
    it('runs the same key again for another principal of the same tenant', async () => {
      const send = (auth: string, serial: string) =>
        request(server())
          .post(GENETEC)
          .set('authorization', auth)
          .set('idempotency-key', 'shared')
          .send(genetecDevice(serial));

      expect((await send(operator, 'S-1')).status).toBe(201);
      const other = await send(otherOperator, 'S-2');

      expect(other.status).toBe(201);
      expect(other.headers['idempotent-replayed']).toBeUndefined();
      expect(other.body.DeviceIdentification.SerialNumber).toBe('S-2');
    });
  });

  describe('refusals, in the module’s own error shape', () => {
    it('refuses the same key with another body: 422, nothing run', async () => {
      expect((await createPhone('phone-2', phone('Hall', '00000000000B'))).status).toBe(200);
      const other = await createPhone('phone-2', phone('Hall', '00000000000C'));

      expect(other.status).toBe(422);
      expect(other.body).toEqual({
        errors: [
          {
            code: 1,
            message:
              'This Idempotency-Key was used for another request (method, path or body differ); use a new key',
            sub_code: null,
            details: {},
          },
        ],
      });
      expect(vendor.calls).toEqual(['PUT 00000000000B']);
    });

    it('refuses the same key on another path or query: 422', async () => {
      expect(
        (
          await request(server())
            .post(`${GENETEC}?x=1`)
            .set('authorization', operator)
            .set('idempotency-key', 'q')
            .send(genetecDevice('Q-1'))
        ).status,
      ).toBe(201);
      const other = await request(server())
        .post(`${GENETEC}?x=2`)
        .set('authorization', operator)
        .set('idempotency-key', 'q')
        .send(genetecDevice('Q-1'));

      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    });

    it.each([
      ['empty', '""'],
      ['too long', 'k'.repeat(256)],
      ['with a space', 'two words'],
      ['with a quote inside', '"a"b"'],
    ])('refuses a key %s: 400, nothing run', async (_case, key) => {
      const response = await request(server())
        .post(C8Y)
        .set('authorization', c8yAdmin)
        .set('accept', 'application/json')
        .set('idempotency-key', key)
        .send({ id: 'never-created' });

      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        error: 'devicecontrol/Bad Request',
        message: 'Idempotency-Key must be one header of 1 to 255 printable ASCII characters, quoted or not',
        info: expect.any(String),
      });
      expect(await count("new_device_requests WHERE device_id = 'never-created'")).toBe(0);
    });

    it('refuses a bad key on a Mender route in Mender’s shape', async () => {
      const admissionAdmin = (await tenantUser(t.http, 'acme', ['ADMISSION_ADMIN'])).auth;
      const response = await request(server())
        .put('/api/management/v1/admission/devices/some-id/status')
        .set('authorization', admissionAdmin)
        .set('idempotency-key', 'two words')
        .send({ status: 'accepted' });

      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        error: 'Idempotency-Key must be one header of 1 to 255 printable ASCII characters, quoted or not',
        request_id: response.headers['x-request-id'],
      });
    });

    it('answers 409 to a repeat while the first still runs (its lease renewed past 1 s), then replays', async () => {
      const held = vendor.holdNext('PUT'); // the vendor applies the change and answers when released
      const first = createPhone('slow', phone('Slow', '00000000000D')).then((response) => response); // sent now
      await held.reached;
      await new Promise((resolve) => setTimeout(resolve, 1200)); // past one lease: only renewal keeps it
      const repeat = createPhone('slow', phone('Slow', '00000000000D')).then((response) => response);
      // MySQL answers the repeat while the first is held. On SQLite every statement of the repeat waits
      // for the first's transaction (one writer), so it can only answer after it: 409, or the replay when
      // the first's answer is stored before the repeat's claim reads the key. Never a second run.
      if (!onMysql()) await new Promise((resolve) => setTimeout(resolve, 1000)); // the repeat has queued
      const during = onMysql() ? await repeat : undefined;
      held.release();
      const [repeated, done] = await Promise.all([repeat, first]);
      const after = await createPhone('slow', phone('Slow', '00000000000D'));

      const inUse = {
        status: 409,
        retryAfter: '1',
        error: {
          code: 1,
          message: 'A request with this Idempotency-Key is still running; retry once it has answered',
        },
      };
      const seen = (response: request.Response) => ({
        status: response.status,
        retryAfter: response.headers['retry-after'],
        error: response.body.errors?.[0],
      });
      if (during) expect(seen(during)).toMatchObject(inUse);
      else if (repeated.headers['idempotent-replayed'] !== 'true')
        expect(seen(repeated)).toMatchObject(inUse);
      else expect(repeated.body).toEqual(done.body);
      expect(done.status).toBe(200);
      expect(after.headers['idempotent-replayed']).toBe('true');
      expect(after.body).toEqual(done.body);
      expect(vendor.calls).toEqual(['PUT 00000000000D']);
    });
  });

  it('stores the error of a create whose provisioning was rolled back: a retry does not provision again', async () => {
    vendor.fail('PUT', 'vendorError');
    const failed = await createPhone('rolled-back', phone('Broken', '00000000000E'));
    const callsAfterFailure = [...redirect.calls, ...vendor.calls];
    const retried = await createPhone('rolled-back', phone('Broken', '00000000000E'));

    expect(failed.status).toBe(400);
    expect(failed.body.errors[0]).toMatchObject({ code: 31, sub_code: 4001 });
    expect(redirect.records.size + vendor.records.size).toBe(0); // provisioned, then undone
    expect(retried.status).toBe(400);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body).toEqual(failed.body);
    expect([...redirect.calls, ...vendor.calls]).toEqual(callsAfterFailure);
    expect(await count("access_devices WHERE device_name = 'Broken'")).toBe(0);

    const withNewKey = await createPhone('rolled-back-2', phone('Broken', '00000000000E'));
    expect(withNewKey.status).toBe(200);
    expect(vendor.snapshot()).toHaveProperty('00000000000E');
  });

  it('runs a request exactly once when repeats race on two instances of one database', async () => {
    const second = await t.startAnotherInstance({ IDEMPOTENCY_LEASE_SECONDS: String(LEASE_SECONDS) });
    const targets = [server(), second.getHttpServer()];
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(targets[i % 2])
          .post(GENETEC)
          .set('authorization', operator)
          .set('idempotency-key', 'race')
          .send(genetecDevice('R-1'))
          .then((response) => response),
      ),
    );
    const ran = answers.filter((answer) => answer.status === 201 && !answer.headers['idempotent-replayed']);
    const replayed = answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true');
    const refused = answers.filter(
      (answer) => answer.status === 409 && !answer.headers['idempotent-replayed'],
    );

    expect(ran).toHaveLength(1);
    expect(replayed.length + refused.length).toBe(answers.length - 1);
    for (const answer of replayed) expect(answer.body).toEqual(ran[0].body);
    for (const answer of refused) expect(answer.body.code).toBe('idempotency_key_in_use');
    expect(await count("devices WHERE tenant_id = 'acme' AND serial_number = 'R-1'")).toBe(1);
    const late = await request(targets[1])
      .post(GENETEC)
      .set('authorization', operator)
      .set('idempotency-key', 'race')
      .send(genetecDevice('R-1'));
    expect(late.headers['idempotent-replayed']).toBe('true');
    expect(late.body).toEqual(ran[0].body);
  });

  it('frees the key of a request that died running once its lease ends: a retry then runs', async () => {
    const body = genetecDevice('C-1');
    // What a process killed mid-request leaves: a running claim that no one renews or settles.
    const claim = await t.app.get(IdempotencyKeys).claim({
      id: keyRecordId('acme', operatorId, 'crashed'),
      tenantId: 'acme',
      principalId: operatorId,
      key: 'crashed',
      fingerprint: requestFingerprint({
        method: 'POST',
        url: GENETEC,
        body,
        headers: {},
      } as never),
      requestId: 'killed-request',
      token: 'killed-request-claim',
    });
    const send = () =>
      request(server())
        .post(GENETEC)
        .set('authorization', operator)
        .set('idempotency-key', 'crashed')
        .send(body);

    expect(claim).toEqual({ outcome: 'run' });
    expect((await send()).status).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, LEASE_SECONDS * 1000 + 200));
    const retried = await send();

    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect((await send()).headers['idempotent-replayed']).toBe('true');
  });

  it('never runs again a request that committed when its answer could not be kept (the process died, or the database went away)', async () => {
    const send = () =>
      request(server())
        .post(GENETEC)
        .set('authorization', operator)
        .set('idempotency-key', 'lost')
        .send(genetecDevice('L-1'));
    // The store after the commit fails, as when the process dies at that moment: the key stays `committed`.
    const store = jest
      .spyOn(IdempotencyKeys.prototype, 'store')
      .mockRejectedValueOnce(new Error('connection lost'));
    const first = await send();
    store.mockRestore();

    expect(first.status).toBe(201);
    expect(await count("idempotency_keys WHERE idempotency_key = 'lost' AND state = 'committed'")).toBe(1);
    expect((await send()).body.code).toBe('idempotency_key_in_use'); // within its lease
    await new Promise((resolve) => setTimeout(resolve, LEASE_SECONDS * 1000 + 200));
    const retried = await send();

    expect(retried.status).toBe(409);
    expect(retried.body).toMatchObject({
      code: 'idempotency_answer_lost',
      detail:
        'The request with this Idempotency-Key completed, but the server stopped before its answer was kept; ' +
        'read the resource to see the outcome, or use a new key',
    });
    expect(await count("devices WHERE tenant_id = 'acme' AND serial_number = 'L-1'")).toBe(1);
  });

  it('stores a validation error (400) as the answer and replays it', async () => {
    const send = () =>
      request(server())
        .post(GENETEC)
        .set('authorization', operator)
        .set('idempotency-key', 'invalid')
        .send({ DeviceIdentification: { SerialNumber: 'I-1' }, DeviceType: 'BodyWornCamera' });
    const first = await send();

    expect(first.status).toBe(400);
    expect(await count("idempotency_keys WHERE idempotency_key = 'invalid' AND state = 'done'")).toBe(1);
    expect((await send()).headers['idempotent-replayed']).toBe('true');
  });

  it('forgets expired keys (a request with one runs again) and purges them', async () => {
    const send = () =>
      request(server())
        .post(GENETEC)
        .set('authorization', operator)
        .set('idempotency-key', 'expiring')
        .send(genetecDevice('E-1'));
    expect((await send()).status).toBe(201);
    await t.app
      .get(DataSource)
      .query(
        "UPDATE idempotency_keys SET expires_at = '2000-01-01 00:00:00.000' WHERE idempotency_key = 'expiring'",
      );

    const after = await send();
    expect(after.status).toBe(409); // ran again: the device exists now
    expect(after.headers['idempotent-replayed']).toBeUndefined();

    await t.app
      .get(DataSource)
      .query(
        "UPDATE idempotency_keys SET expires_at = '2000-01-01 00:00:00.000' WHERE idempotency_key = 'expiring'",
      );
    const before = await count('idempotency_keys');
    await t.app.get(IdempotencyPurger).purge();
    expect(await count("idempotency_keys WHERE idempotency_key = 'expiring'")).toBe(0);
    expect(await count('idempotency_keys')).toBe(before - 1);
  });

  it('does not store a 401 (credentials refused before anything runs): the same key then runs', async () => {
    const send = (authorization: string) =>
      request(server())
        .post(GENETEC)
        .set('authorization', authorization)
        .set('idempotency-key', 'refused-credentials')
        .send(genetecDevice('U-1'));
    const refused = await send(basic(operatorEmail, 'wrong-password'));

    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(await count("idempotency_keys WHERE idempotency_key = 'refused-credentials'")).toBe(0);
    const ran = await send(operator);
    expect(ran.status).toBe(201);
    expect(ran.headers['idempotent-replayed']).toBeUndefined();
    expect((await send(operator)).headers['idempotent-replayed']).toBe('true');
  });

  it('does not store an answer that may change before a retry (403): the retry runs again', async () => {
    const tenantAdmin = (await tenantUser(t.http, 'acme', ['TENANT_ADMIN'], 'admin2@acme.test')).auth;
    const grant = () =>
      request(server())
        .post('/api/v1/tenants/acme/users')
        .set('authorization', tenantAdmin)
        .set('idempotency-key', 'grant')
        .send({ email: 'root@acme.test', password: 'user-password-123', roles: ['SYSTEM_ADMIN'] });
    const first = await grant();
    const again = await grant();

    expect(first.status).toBe(403);
    expect(first.body).toMatchObject({
      status: 403,
      detail: 'only a system administrator may grant SYSTEM_ADMIN',
    });
    expect(again.status).toBe(403);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body.requestId).not.toBe(first.body.requestId);
    expect(await count("idempotency_keys WHERE idempotency_key = 'grant'")).toBe(0);
  });

  it('does not store a 415 (a body that is not JSON is refused before the key is claimed): the same key then runs as JSON', async () => {
    const send = (contentType: string, body: string) =>
      request(server())
        .post(C8Y)
        .set('authorization', c8yAdmin)
        .set('accept', 'application/json')
        .set('idempotency-key', 'not-json')
        .set('content-type', contentType)
        .send(body);
    const refused = await send('text/plain', 'id=c8y-text');

    expect(refused.status).toBe(415);
    expect(refused.body).toMatchObject({ error: 'devicecontrol/Unsupported Media Type' });
    expect(await count("idempotency_keys WHERE idempotency_key = 'not-json'")).toBe(0);
    const ran = await send('application/json', JSON.stringify({ id: 'c8y-text' }));
    expect(ran.status).toBe(201);
    expect(ran.headers['idempotent-replayed']).toBeUndefined();
    expect(ran.body).toMatchObject({ id: 'c8y-text' });
  });

  it('replays a multipart import (Cumulocity bulk) without importing again; another file under the key is a 422', async () => {
    const upload = (file: Buffer) => uploadCsv(t.http, c8yAdmin, file).set('idempotency-key', 'bulk-1');
    const first = await upload(csvFile('ID,CREDENTIALS', 'bulk-a,password-a1'));
    const again = await upload(csvFile('ID,CREDENTIALS', 'bulk-a,password-a1'));
    const other = await upload(csvFile('ID,CREDENTIALS', 'bulk-b,password-b1', 'bulk-c,password-c1'));

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ error: 'devicecontrol/Unprocessable Entity' });
    expect(await count("device_users WHERE device_id IN ('bulk-a', 'bulk-b', 'bulk-c')")).toBe(1);
  });

  it('replays a background import (Prefer: respond-async): the same 202 and Location, one job', async () => {
    const upload = () =>
      uploadCsv(t.http, c8yAdmin, csvFile('ID,CREDENTIALS', 'async-a,password-a1'))
        .set('prefer', 'respond-async')
        .set('idempotency-key', 'bulk-async');
    const first = await upload();
    const again = await upload();

    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.body).toEqual(first.body);
    expect(await count('bulk_import_jobs')).toBe(1);
  });

  it('ignores the key on reads and on requests without a caller', async () => {
    const read = await request(server())
      .get(GENETEC)
      .set('authorization', operator)
      .set('idempotency-key', '"bad key"');
    const login = await request(server())
      .post('/api/v1/auth/login')
      .set('authorization', ADMIN_AUTH)
      .set('idempotency-key', 'login');

    expect(read.status).toBe(200);
    expect(login.status).toBe(200);
    expect(await count("idempotency_keys WHERE idempotency_key = 'login'")).toBe(0);
  });

  it('takes no key where the answer carries secrets: each call runs, and no answer is kept', async () => {
    const admin = (await tenantUser(t.http, 'acme', ['TENANT_ADMIN'], 'secrets-admin@acme.test')).auth;
    const bootstrap = (await tenantUser(t.http, 'acme', ['ROLE_DEVICE_BOOTSTRAP'])).auth;
    const keyed = (path: string, auth: string, key: string, body: object = {}) =>
      request(server())
        .post(path)
        .set('authorization', auth)
        .set('accept', 'application/json')
        .set('idempotency-key', key)
        .send(body);
    const hook = { url: 'http://127.0.0.1:9/secret-hooks', eventTypes: ['genetec.device.added'] };
    const created = [
      await keyed('/api/v1/tenants/acme/webhooks', admin, 'hook-1', hook),
      await keyed('/api/v1/tenants/acme/webhooks', admin, 'hook-1', hook),
    ];
    const rotate = `/api/v1/tenants/acme/webhooks/${created[0].body.id as string}/rotate-secret`;
    const rotated = [await keyed(rotate, admin, 'rotate-1'), await keyed(rotate, admin, 'rotate-1')];
    await t.http.post(C8Y).set('authorization', c8yAdmin).send({ id: 'secret-device' }).expect(201);
    await keyed('/devicecontrol/deviceCredentials', bootstrap, 'poll-0', { id: 'secret-device' }).expect(404);
    await t.http
      .put(`${C8Y}/secret-device`)
      .set('authorization', c8yAdmin)
      .send({ status: 'ACCEPTED' })
      .expect(200);
    const polled = [
      await keyed('/devicecontrol/deviceCredentials', bootstrap, 'poll-1', { id: 'secret-device' }),
      await keyed('/devicecontrol/deviceCredentials', bootstrap, 'poll-1', { id: 'secret-device' }),
    ];

    expect(created.map((answer) => answer.status)).toEqual([201, 201]);
    expect(created[1].body.id).not.toBe(created[0].body.id);
    expect(created[1].body.secret).not.toBe(created[0].body.secret);
    expect(rotated.map((answer) => answer.status)).toEqual([200, 200]);
    expect(rotated[1].body.secret).not.toBe(rotated[0].body.secret);
    expect(polled[0].status).toBe(201);
    expect(polled[0].body.password).toMatch(/^.{16,}$/);
    // Run again, not replayed: the credentials were issued once, so the repeat finds none (Cumulocity's 404).
    expect([polled[1].status, polled[1].headers['idempotent-replayed'], polled[1].body.password]).toEqual([
      404,
      undefined,
      undefined,
    ]);
    expect(
      await count("idempotency_keys WHERE idempotency_key IN ('hook-1', 'rotate-1', 'poll-0', 'poll-1')"),
    ).toBe(0);
  });

  it('documents the header on every state-changing operation with a caller, and nowhere else', async () => {
    const document = (await request(server()).get('/docs-json')).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { $ref?: string }[];
            responses: Record<string, { description: string }>;
            'x-secrets-in-answer'?: boolean;
          }
        >
      >;
      components: { parameters: Record<string, { name: string; in: string }> };
    };
    const keyed = (method: string, path: string) =>
      (document.paths[path][method].parameters ?? []).some(
        (parameter) => parameter.$ref === '#/components/parameters/IdempotencyKey',
      );

    expect(document.components.parameters.IdempotencyKey).toMatchObject({
      name: 'Idempotency-Key',
      in: 'header',
    });

    expect(keyed('post', '/api/v1/tenants/{tenant_id}/groups/{group_id}/advanced_access_devices/')).toBe(
      true,
    );
    expect(keyed('put', '/devicecontrol/newDeviceRequests/{id}')).toBe(true);
    expect(keyed('delete', '/api/management/v1/admission/devices/{id}')).toBe(true);
    expect(keyed('get', '/api/v1/tenant/{tenantId}/device')).toBe(false);
    expect(keyed('post', '/api/v1/auth/login')).toBe(false);
    // Answers carrying secrets take no key, and say so.
    const createWebhook = document.paths['/api/v1/tenants/{tenantId}/webhooks'].post;
    expect([
      keyed('post', '/api/v1/tenants/{tenantId}/webhooks'),
      createWebhook['x-secrets-in-answer'],
    ]).toEqual([false, true]);
    expect(keyed('post', '/api/v1/tenants/{tenantId}/webhooks/{webhookId}/rotate-secret')).toBe(false);
    expect(keyed('post', '/devicecontrol/deviceCredentials')).toBe(false);
    expect(keyed('post', '/api/v1-private/tenant/{tenantId}/credential')).toBe(false);
    expect(keyed('post', '/api/mobile/access_token/login')).toBe(false);
    expect(keyed('patch', '/api/v1/tenants/{tenantId}/webhooks/{webhookId}')).toBe(true);
    // The key's own answers, where the route has no 409 or 422 of its own (creating a tenant has a 409).
    const createTenant = document.paths['/api/v1/tenants'].post.responses;
    expect(createTenant['422'].description).toMatch(
      /^Idempotency-Key: this key was used for another request/,
    );
    expect(createTenant['409'].description).not.toMatch(/^Idempotency-Key/);
    const deleteAuthSet = document.paths['/api/management/v1/admission/devices/{id}'].delete.responses;
    expect(deleteAuthSet['409'].description).toMatch(
      /^Idempotency-Key: the first request with this key is still running/,
    );
    expect(document.paths['/api/v1/tenant/{tenantId}/device'].get.responses['409']).toBeUndefined();
  });
});
