import request from 'supertest';
import { DataSource } from 'typeorm';
import { basic, startTestApp, type TestApp, tenantUser } from './support/test-app';
import { onMysql } from './support/test-database';
import { statementsDuring } from './support/statements';

const REQUESTS = '/devicecontrol/newDeviceRequests';
const CREDENTIALS = '/devicecontrol/deviceCredentials';
const SETTINGS = '/devicecontrol/newDeviceRequestSettings';
const JSON_TYPE = 'application/json';
const VENDOR = (type: string) => `application/vnd.com.nsn.cumulocity.${type}+json`;
const ERROR_INFO =
  'https://cumulocity.com/guides/reference/rest-implementation/#a-name-error-reporting-a-error-reporting';
const cumulocityError = (error: string, message: unknown = expect.any(String)) => ({
  error,
  message,
  info: ERROR_INFO,
});
const MAX_POLLS = 5;
const ids = (res: { body: { newDeviceRequests: { id: string }[] } }) =>
  res.body.newDeviceRequests.map((request) => request.id);

describe('Cumulocity new device requests and the bootstrap poll', () => {
  // Issuing and device logins hash and verify argon2id passwords: seconds when the cores are shared.
  jest.setTimeout(30_000);
  let t: TestApp;
  let admin: string;
  let reader: string;
  let bootstrap: string;
  let otherAdmin: string;
  let otherBootstrap: string;
  let managementBootstrap: string;
  /** This instance, and on MySQL a second one on the same database: what one sees, the other must. */
  const servers: Parameters<typeof request>[0][] = [];
  const pollOn = (i: number, body: object) =>
    request(servers[i % servers.length])
      .post(CREDENTIALS)
      .set('authorization', bootstrap)
      .set('accept', JSON_TYPE)
      .send(body);

  const create = (body: object, auth = admin) =>
    t.http.post(REQUESTS).set('authorization', auth).set('accept', JSON_TYPE).send(body);
  const get = (id: string, auth = admin) =>
    t.http
      .get(`${REQUESTS}/${encodeURIComponent(id)}`)
      .set('authorization', auth)
      .set('accept', JSON_TYPE);
  const put = (id: string, body: object, auth = admin) =>
    t.http
      .put(`${REQUESTS}/${encodeURIComponent(id)}`)
      .set('authorization', auth)
      .set('accept', JSON_TYPE)
      .send(body);
  const remove = (id: string, auth = admin) =>
    t.http.delete(`${REQUESTS}/${encodeURIComponent(id)}`).set('authorization', auth);
  const poll = (body: object, auth = bootstrap) =>
    t.http.post(CREDENTIALS).set('authorization', auth).set('accept', JSON_TYPE).send(body);
  const setMode = (securityTokenMode: string, auth = admin) =>
    t.http.put(SETTINGS).set('authorization', auth).set('accept', JSON_TYPE).send({ securityTokenMode });
  /** Registered and polled once: PENDING_ACCEPTANCE. */
  const pending = async (id: string, extra: object = {}, pollAuth = bootstrap) => {
    expect((await create({ id, ...extra })).status).toBe(201);
    expect((await poll({ id, ...extra }, pollAuth)).status).toBe(404);
  };

  beforeAll(async () => {
    t = await startTestApp({ NEW_DEVICE_REQUEST_MAX_POLLS: String(MAX_POLLS) });
    admin = (await tenantUser(t.http, 'c8y', ['ROLE_DEVICE_CONTROL_ADMIN'])).auth;
    reader = (await tenantUser(t.http, 'c8y', ['ROLE_DEVICE_CONTROL_READ'])).auth;
    bootstrap = (await tenantUser(t.http, 'c8y', ['ROLE_DEVICE_BOOTSTRAP'])).auth;
    otherAdmin = (await tenantUser(t.http, 'c8y-other', ['ROLE_DEVICE_CONTROL_ADMIN'])).auth;
    otherBootstrap = (await tenantUser(t.http, 'c8y-other', ['ROLE_DEVICE_BOOTSTRAP'])).auth;
    managementBootstrap = (await tenantUser(t.http, 'management', ['ROLE_DEVICE_BOOTSTRAP'])).auth;
    servers.push(t.app.getHttpServer());
    if (onMysql()) servers.push((await t.startAnotherInstance()).getHttpServer());
  }, 60_000); // the app and six argon2id users, on a shared machine
  afterAll(() => t.close());

  it('creates a request with type, groupId and custom fragments, and returns them with tenant, owner, time', async () => {
    const body = {
      id: 'imei-1',
      type: 'c8y_Tracker',
      groupId: '42',
      securityToken: 's3cret',
      c8y_Notes: { a: [1] },
    };
    const created = await create(body);
    expect(created.status).toBe(201);
    const expected = {
      id: 'imei-1',
      self: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/devicecontrol\/newDeviceRequests\/imei-1$/),
      status: 'WAITING_FOR_CONNECTION',
      type: 'c8y_Tracker',
      groupId: '42',
      tenantId: 'c8y',
      owner: 'user-role_device_control_admin@c8y.test',
      creationTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      c8y_Notes: { a: [1] },
    };
    expect(created.body).toEqual(expected);
    expect(created.headers['content-type']).toBe('application/json; charset=utf-8');
    const read = await get('imei-1', reader);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ ...expected, creationTime: created.body.creationTime });
  });

  it('answers 409 in Cumulocity shape for an existing id; another tenant may use the same id and cannot see ours', async () => {
    await create({ id: 'dup-1' });
    const again = await create({ id: 'dup-1' });
    expect(again.status).toBe(409);
    expect(again.body).toEqual(
      cumulocityError('devicecontrol/Duplicate', "A newDeviceRequest for id 'dup-1' already exists"),
    );
    expect(again.headers['content-type']).toBe('application/vnd.com.nsn.cumulocity.error+json;charset=UTF-8');
    expect((await create({ id: 'dup-1' }, otherAdmin)).body).toMatchObject({ tenantId: 'c8y-other' });
    expect((await create({ id: 'only-ours' })).status).toBe(201);
    for (const res of [
      await get('only-ours', otherAdmin),
      await put('only-ours', { status: 'ACCEPTED' }, otherAdmin),
      await remove('only-ours', otherAdmin),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual(
        cumulocityError('devicecontrol/Not Found', "No newDeviceRequest for id 'only-ours'"),
      );
    }
    expect((await get('only-ours')).body.status).toBe('WAITING_FOR_CONNECTION');
  });

  it('accepts vendor media types in any case, with or without ver, and plain JSON; answers the type asked for', async () => {
    const cases: [string, string, string][] = [
      [`${VENDOR('newDeviceRequest')};ver=0.9`, `${VENDOR('newDeviceRequest')};ver=0.9`, 'mt-1'],
      [VENDOR('newDeviceRequest').toUpperCase(), VENDOR('NewDeviceRequest'), 'mt-2'],
      [JSON_TYPE, JSON_TYPE, 'mt-3'],
    ];
    for (const [contentType, accept, id] of cases) {
      const res = await t.http
        .post(REQUESTS)
        .set('authorization', admin)
        .set('content-type', contentType)
        .set('accept', accept)
        .send(JSON.stringify({ id }));
      expect([id, res.status, res.body.id]).toEqual([id, 201, id]);
      expect(res.headers['content-type']).toBe(
        accept === JSON_TYPE
          ? 'application/json; charset=utf-8'
          : 'application/vnd.com.nsn.cumulocity.newDeviceRequest+json;charset=UTF-8;ver=0.9',
      );
    }
    const list = await t.http
      .get(REQUESTS)
      .set('authorization', reader)
      .set('accept', VENDOR('newDeviceRequestCollection'));
    expect(list.headers['content-type']).toBe(
      'application/vnd.com.nsn.cumulocity.newDeviceRequestCollection+json;charset=UTF-8;ver=0.9',
    );
    const text = await t.http
      .post(REQUESTS)
      .set('authorization', admin)
      .set('accept', JSON_TYPE)
      .set('content-type', 'text/plain')
      .send('id=x');
    expect(text.status).toBe(415);
    expect(text.body).toEqual(
      cumulocityError(
        'devicecontrol/Unsupported Media Type',
        'Content-Type must be application/vnd.com.nsn.cumulocity.newDeviceRequest+json or application/json',
      ),
    );
  });

  it('answers POST and PUT without Accept with the same status and headers but an empty body', async () => {
    const created = await t.http.post(REQUESTS).set('authorization', admin).send({ id: 'no-accept' });
    expect(created.status).toBe(201);
    expect(created.text).toBe('');
    expect(created.headers['content-type']).toBe('application/json; charset=utf-8');
    expect((await get('no-accept')).body.status).toBe('WAITING_FOR_CONNECTION');
    await poll({ id: 'no-accept' });
    const accepted = await t.http
      .put(`${REQUESTS}/no-accept`)
      .set('authorization', admin)
      .set('content-type', VENDOR('newDeviceRequest'))
      .send(JSON.stringify({ status: 'ACCEPTED' }));
    expect(accepted.status).toBe(200);
    expect(accepted.text).toBe('');
    expect((await get('no-accept')).body.status).toBe('ACCEPTED');
    const credentials = await t.http
      .post(CREDENTIALS)
      .set('authorization', bootstrap)
      .send({ id: 'no-accept' });
    expect([credentials.status, credentials.text]).toEqual([201, '']);
  });

  it('walks every status transition and hands out credentials once; refusals are 422 saying why', async () => {
    expect((await create({ id: 'walk-1' })).body.status).toBe('WAITING_FOR_CONNECTION');
    const early = await put('walk-1', { status: 'ACCEPTED' });
    expect(early.status).toBe(422);
    expect(early.body).toEqual(
      cumulocityError(
        'devicecontrol/Unprocessable Entity',
        'only a request in PENDING_ACCEPTANCE can be accepted; this one is WAITING_FOR_CONNECTION (the device has not polled yet)',
      ),
    );
    const firstPoll = await poll({ id: 'walk-1' });
    expect(firstPoll.status).toBe(404);
    expect(firstPoll.body).toEqual(cumulocityError('devicecontrol/Not Found'));
    expect((await get('walk-1')).body.status).toBe('PENDING_ACCEPTANCE');
    expect((await poll({ id: 'walk-1' })).status).toBe(404);
    expect((await get('walk-1')).body.status).toBe('PENDING_ACCEPTANCE');
    for (const status of ['WAITING_FOR_CONNECTION', 'BLOCKED', 'accepted', undefined]) {
      const res = await put('walk-1', { status });
      expect(res.status).toBe(422);
      expect(res.body.message).toMatch(/^status can only be changed to ACCEPTED/);
    }
    const otherId = await put('walk-1', { id: 'walk-2', status: 'ACCEPTED' });
    expect([otherId.status, otherId.body.error]).toEqual([422, 'devicecontrol/Invalid Data']);
    const accepted = await put('walk-1', { id: 'walk-1', status: 'ACCEPTED' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ id: 'walk-1', status: 'ACCEPTED' });
    const twice = await put('walk-1', { status: 'ACCEPTED' });
    expect([twice.status, twice.body.message]).toEqual([
      422,
      'only a request in PENDING_ACCEPTANCE can be accepted; this one is ACCEPTED',
    ]);

    const issued = await poll({ id: 'walk-1' });
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({
      id: 'walk-1',
      tenantId: 'c8y',
      username: 'device_walk-1',
      password: expect.stringMatching(/^.{16,}$/),
      self: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/devicecontrol\/deviceCredentials\/walk-1$/),
    });
    expect((await poll({ id: 'walk-1' })).status).toBe(404);
    expect((await get('walk-1')).body.status).toBe('ACCEPTED');

    const device = basic('c8y/device_walk-1', issued.body.password);
    const login = await t.http.post('/api/v1/auth/login').set('authorization', device).send({});
    expect([login.status, typeof login.body.accessToken]).toEqual([200, 'string']);
    // The device user holds no human role: the registration API is closed to it.
    for (const res of [
      await get('walk-1', device),
      await poll({ id: 'walk-1' }, device),
      await create({ id: 'd' }, device),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual(cumulocityError('security/Forbidden'));
    }
    const deleted = await remove('walk-1');
    expect([deleted.status, deleted.text]).toEqual([204, '']);
    expect((await get('walk-1')).status).toBe(404);
    expect((await remove('walk-1')).status).toBe(404);
    // Deleting the request revoked the device user it created.
    expect((await t.http.post('/api/v1/auth/login').set('authorization', device).send({})).status).toBe(401);
  });

  it('gives exactly one of concurrent polls the credentials of an accepted request', async () => {
    await pending('race-1');
    await put('race-1', { status: 'ACCEPTED' });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => pollOn(i, { id: 'race-1' })));
    expect(answers.map((res) => res.status).sort()).toEqual([201, 404, 404, 404, 404, 404, 404, 404]);
    expect(answers.filter((res) => res.status === 201)[0].body.username).toBe('device_race-1');
  });

  it('answers an unknown id with one indexed query after authentication', async () => {
    await poll({ id: 'warm-up' }); // the bootstrap user's Basic verification is now cached
    const statements = await statementsDuring(t.app.get(DataSource), async () => {
      expect((await poll({ id: 'never-seen' })).status).toBe(404);
    });
    const authentication = /^SELECT .* FROM users WHERE /;
    expect(statements.filter((sql) => !authentication.test(sql))).toEqual([
      expect.stringMatching(/ FROM new_device_requests r .* WHERE r\.device_key = \?$/),
    ]);
  });

  it('lets READ read, ADMIN change, BOOTSTRAP poll; the rest are 401/403 in Cumulocity shape', async () => {
    const forbidden = [
      await create({ id: 'role-1' }, reader),
      await put('imei-1', { status: 'ACCEPTED' }, reader),
      await remove('imei-1', reader),
      await get('imei-1', bootstrap),
      await poll({ id: 'imei-1' }, admin),
      await setMode('IGNORED', reader),
    ];
    for (const res of forbidden) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual(cumulocityError('security/Forbidden'));
    }
    const anonymous = await t.http.get(REQUESTS).set('accept', JSON_TYPE);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual(cumulocityError('security/Unauthorized'));
  });

  it('answers router, parser and validation errors in Cumulocity shape too', async () => {
    const unknownRoute = await t.http.get('/devicecontrol/nothing-here').set('authorization', admin);
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.body).toEqual(cumulocityError('devicecontrol/Not Found'));
    const badUrl = await t.http.get('/inventory/%E0%A4%A').set('authorization', admin);
    expect(badUrl.status).toBe(400);
    expect(badUrl.body).toEqual(cumulocityError('inventory/Bad Request'));
    const badJson = await t.http
      .post(REQUESTS)
      .set('authorization', admin)
      .set('content-type', JSON_TYPE)
      .send('{"id":');
    expect([badJson.status, badJson.body.error]).toEqual([400, 'devicecontrol/Bad Request']);
    const tooLong = await create({ id: 'x'.repeat(1001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toEqual(
      cumulocityError('devicecontrol/Bad Request', 'id must be shorter than or equal to 1000 characters'),
    );
    expect((await create({ id: 'y'.repeat(1000) })).status).toBe(201);
  });

  it('pages with absolute self/prev/next links that keep the query, by cursor, with totals on request', async () => {
    for (let i = 0; i < 12; i++) await create({ id: `page-${String(i).padStart(2, '0')}` }, otherAdmin);
    const list = (url: string) => t.http.get(url).set('authorization', otherAdmin).set('accept', JSON_TYPE);
    const first = await list(`${REQUESTS}?pageSize=5&withTotalPages=true&withTotalElements=true`);
    expect(first.status).toBe(200);
    // dup-1 was created in this tenant first.
    expect(ids(first)).toEqual(['dup-1', 'page-00', 'page-01', 'page-02', 'page-03']);
    expect(first.body.statistics).toEqual({ currentPage: 1, pageSize: 5, totalPages: 3, totalElements: 13 });
    expect(first.body.self).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/devicecontrol\/newDeviceRequests\?pageSize=5&withTotalPages=true&withTotalElements=true$/,
    );
    expect(first.body.prev).toBeUndefined();
    const next = new URL(first.body.next);
    expect(Object.fromEntries(next.searchParams)).toEqual({
      pageSize: '5',
      withTotalPages: 'true',
      withTotalElements: 'true',
      currentPage: '2',
      after: expect.stringMatching(/^\d+$/),
    });
    const second = await list(`${next.pathname}${next.search}`);
    expect(ids(second)).toEqual(['page-04', 'page-05', 'page-06', 'page-07', 'page-08']);
    expect(second.body.statistics.currentPage).toBe(2);
    const byNumber = await list(`${REQUESTS}?pageSize=5&currentPage=2`);
    expect(ids(byNumber)).toEqual(ids(second));
    const thirdUrl = new URL(second.body.next);
    const third = await list(`${thirdUrl.pathname}${thirdUrl.search}`);
    expect(ids(third)).toEqual(['page-09', 'page-10', 'page-11']);
    expect(third.body.next).toBeUndefined();
    const back = new URL(third.body.prev);
    expect(back.searchParams.get('currentPage')).toBe('2');
    const secondAgain = await list(`${back.pathname}${back.search}`);
    expect(ids(secondAgain)).toEqual(ids(second));
    expect(secondAgain.body.next).toBeDefined();
    const firstAgainUrl = new URL(secondAgain.body.prev);
    const firstAgain = await list(`${firstAgainUrl.pathname}${firstAgainUrl.search}`);
    expect(ids(firstAgain)).toEqual(ids(first));
    expect(firstAgain.body.prev).toBeUndefined();

    const defaults = await list(REQUESTS);
    expect(defaults.body.statistics).toEqual({ currentPage: 1, pageSize: 5 });
    for (const query of ['pageSize=0', 'pageSize=2001', 'currentPage=0', 'withTotalPages=yes']) {
      const res = await list(`${REQUESTS}?${query}`);
      expect([query, res.status, res.body.error]).toEqual([query, 400, 'devicecontrol/Bad Request']);
    }
    expect((await list(`${REQUESTS}?pageSize=2000`)).body.newDeviceRequests).toHaveLength(13);
  });

  it('scopes the poll: a tenant bootstrap user sees its tenant only, the management one any tenant (409 when ambiguous)', async () => {
    await create({ id: 'scope-a' });
    expect((await poll({ id: 'scope-a' }, otherBootstrap)).status).toBe(404);
    expect((await get('scope-a')).body.status).toBe('WAITING_FOR_CONNECTION');
    expect((await poll({ id: 'scope-a' }, managementBootstrap)).status).toBe(404);
    expect((await get('scope-a')).body.status).toBe('PENDING_ACCEPTANCE');
    await put('scope-a', { status: 'ACCEPTED' });
    const issued = await poll({ id: 'scope-a' }, managementBootstrap);
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ tenantId: 'c8y', username: 'device_scope-a' });

    await create({ id: 'scope-both' });
    await create({ id: 'scope-both' }, otherAdmin);
    const ambiguous = await poll({ id: 'scope-both' }, managementBootstrap);
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body).toEqual(
      cumulocityError(
        'devicecontrol/Duplicate',
        "Device 'scope-both' is registered in 2 tenants: poll with a bootstrap user of its tenant",
      ),
    );
    expect((await poll({ id: 'scope-both' }, otherBootstrap)).status).toBe(404);
    expect((await get('scope-both', otherAdmin)).body.status).toBe('PENDING_ACCEPTANCE');
    expect((await get('scope-both')).body.status).toBe('WAITING_FOR_CONNECTION');
    expect((await poll({ id: 'never-registered' }, managementBootstrap)).status).toBe(404);
  });

  it('blocks a request after too many polls in the window, or wrong-tenant polls; delete starts over', async () => {
    await create({ id: 'brute-1' });
    for (let i = 0; i < MAX_POLLS; i++) expect((await poll({ id: 'brute-1' })).status).toBe(404);
    expect((await get('brute-1')).body.status).toBe('PENDING_ACCEPTANCE');
    expect((await poll({ id: 'brute-1' })).status).toBe(404);
    expect((await get('brute-1', reader)).body.status).toBe('BLOCKED');
    const refused = await put('brute-1', { status: 'ACCEPTED' });
    expect([refused.status, refused.body.message]).toEqual([
      422,
      'only a request in PENDING_ACCEPTANCE can be accepted; this one is BLOCKED (delete it to start over)',
    ]);
    expect((await remove('brute-1')).status).toBe(204);
    expect((await create({ id: 'brute-1' })).body.status).toBe('WAITING_FOR_CONNECTION');

    // Concurrent polls on every instance are counted exactly, on the row.
    await create({ id: 'brute-3' });
    const burst = await Promise.all(
      Array.from({ length: MAX_POLLS }, (_, i) => pollOn(i, { id: 'brute-3' })),
    );
    expect(burst.map((res) => res.status)).toEqual(Array(MAX_POLLS).fill(404));
    expect((await get('brute-3')).body.status).toBe('PENDING_ACCEPTANCE');
    await pollOn(1, { id: 'brute-3' });
    expect((await get('brute-3')).body.status).toBe('BLOCKED');

    await create({ id: 'brute-2' });
    for (let i = 0; i <= MAX_POLLS; i++)
      expect((await poll({ id: 'brute-2' }, otherBootstrap)).status).toBe(404);
    expect((await get('brute-2')).body.status).toBe('BLOCKED');
  });

  it('checks securityToken by the tenant mode: REQUIRED, OPTIONAL (default), IGNORED', async () => {
    const settings = await t.http.get(SETTINGS).set('authorization', reader).set('accept', JSON_TYPE);
    expect(settings.body).toEqual({ securityTokenMode: 'OPTIONAL' });
    expect((await setMode('SOMETIMES')).body.error).toBe('devicecontrol/Bad Request');

    expect((await setMode('REQUIRED')).body).toEqual({ securityTokenMode: 'REQUIRED' });
    const without = await create({ id: 'tok-1' });
    expect(without.status).toBe(422);
    expect(without.body).toEqual(
      cumulocityError(
        'devicecontrol/Unprocessable Entity',
        'this tenant requires a securityToken on every new device request',
      ),
    );
    await create({ id: 'tok-1', securityToken: 'right' });
    expect((await poll({ id: 'tok-1' })).status).toBe(404);
    expect((await poll({ id: 'tok-1', securityToken: 'wrong' })).status).toBe(404);
    expect((await get('tok-1')).body.status).toBe('WAITING_FOR_CONNECTION');
    expect((await poll({ id: 'tok-1', securityToken: 'right' })).status).toBe(404);
    expect((await get('tok-1')).body.status).toBe('PENDING_ACCEPTANCE');
    for (const body of [{ status: 'ACCEPTED' }, { status: 'ACCEPTED', securityToken: 'wrong' }]) {
      const res = await put('tok-1', body);
      expect([res.status, res.body]).toEqual([
        422,
        cumulocityError(
          'devicecontrol/Invalid Data',
          'securityToken missing or not the one the request was registered with',
        ),
      ]);
    }
    expect((await put('tok-1', { status: 'ACCEPTED', securityToken: 'right' })).status).toBe(200);
    expect((await poll({ id: 'tok-1', securityToken: 'wrong' })).status).toBe(404);
    expect((await poll({ id: 'tok-1', securityToken: 'right' })).status).toBe(201);

    await setMode('OPTIONAL');
    await pending('tok-2');
    expect((await put('tok-2', { status: 'ACCEPTED' })).status).toBe(200);
    await create({ id: 'tok-3', securityToken: 'three' });
    expect((await poll({ id: 'tok-3' })).status).toBe(404);
    expect((await get('tok-3')).body.status).toBe('WAITING_FOR_CONNECTION');

    await setMode('IGNORED');
    expect((await poll({ id: 'tok-3' })).status).toBe(404);
    expect((await get('tok-3')).body.status).toBe('PENDING_ACCEPTANCE');
    expect((await put('tok-3', { status: 'ACCEPTED' })).status).toBe(200);
    expect((await poll({ id: 'tok-3', securityToken: 'anything' })).status).toBe(201);
    await setMode('OPTIONAL');
  });

  it('accepts every PENDING_ACCEPTANCE request of the tenant at once, leaving those that need their token', async () => {
    await create({ id: 'all-1' }, otherAdmin);
    await poll({ id: 'all-1' }, otherBootstrap);
    await create({ id: 'all-2', securityToken: 't' }, otherAdmin);
    await poll({ id: 'all-2', securityToken: 't' }, otherBootstrap);
    await create({ id: 'all-3' }, otherAdmin);
    const res = await t.http
      .post(`${REQUESTS}/acceptAll`)
      .set('authorization', otherAdmin)
      .set('accept', JSON_TYPE);
    expect(res.status).toBe(200);
    // scope-both was left pending in this tenant by the scoping test.
    expect(res.body).toEqual({ accepted: 2 });
    const status = async (id: string) => (await get(id, otherAdmin)).body.status;
    expect([
      await status('all-1'),
      await status('all-2'),
      await status('all-3'),
      await status('scope-both'),
    ]).toEqual(['ACCEPTED', 'PENDING_ACCEPTANCE', 'WAITING_FOR_CONNECTION', 'ACCEPTED']);
    expect((await get('tok-2')).body.status).toBe('ACCEPTED'); // the first tenant's are untouched by the call
  });
});
