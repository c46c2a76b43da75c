import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { ADMIN_AUTH, startTestApp, type TestApp, tenantUser } from './support/test-app';
import { onMysql } from './support/test-database';

const BASE = '/api/management/v1/admission';
const pem = (type: 'rsa' | 'ec' | 'ed25519') =>
  generateKeyPairSync(
    type as 'ed25519',
    {
      ...(type === 'rsa' ? { modulusLength: 2048 } : type === 'ec' ? { namedCurve: 'P-256' } : {}),
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    } as never,
  ).publicKey;
const ED25519 = pem('ed25519');
const identity = (sn: string) => JSON.stringify({ mac: '00:01:02:03:04:05', sku: 'My Device 1', sn });

describe('Mender admission', () => {
  let t: TestApp;
  let admin: string;
  let reader: string;
  const submit = (id: string, body: object = {}, auth = admin) =>
    t.http
      .put(`${BASE}/devices/${id}`)
      .set('authorization', auth)
      .send({ device_id: `dev-${id}`, device_identity: identity(id), key: ED25519, ...body });
  const setStatus = (id: string, status: string, auth = admin) =>
    t.http.put(`${BASE}/devices/${id}/status`).set('authorization', auth).send({ status });
  const get = (path: string, auth = admin) => t.http.get(`${BASE}${path}`).set('authorization', auth);

  beforeAll(async () => {
    t = await startTestApp();
    admin = (await tenantUser(t.http, 'mender', ['ADMISSION_ADMIN'])).auth;
    reader = (await tenantUser(t.http, 'mender', ['ADMISSION_READ'])).auth;
  });
  afterAll(() => t.close());

  it('submits a set (204, no body) and returns it with parsed attributes, echoing X-MEN-RequestID', async () => {
    const put = await submit('set-1').set('x-men-requestid', 'men-req-1');
    expect(put.status).toBe(204);
    expect(put.text).toBe('');
    expect(put.headers['x-men-requestid']).toBe('men-req-1');
    const res = await get('/devices/set-1');
    expect(res.body).toEqual({
      id: 'set-1',
      device_id: 'dev-set-1',
      device_identity: identity('set-1'),
      key: ED25519,
      status: 'pending',
      attributes: { mac: '00:01:02:03:04:05', sku: 'My Device 1', sn: 'set-1' },
      request_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(res.headers['x-men-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await get('/devices/set-1/status')).body).toEqual({ status: 'pending' });
  });

  it('ignores body properties Mender does not list, as Mender does, and stores none', async () => {
    expect((await submit('newer-client', { tenant_token: 'x', extra: { a: 1 } })).status).toBe(204);
    const read = await get('/devices/newer-client');
    expect(Object.keys(read.body).sort()).toEqual([
      'attributes',
      'device_id',
      'device_identity',
      'id',
      'key',
      'request_time',
      'status',
    ]);
    const decided = await t.http
      .put(`${BASE}/devices/newer-client/status`)
      .set('authorization', admin)
      .send({ status: 'rejected', reason: 'not ours' });
    expect(decided.status).toBe(200);
    expect(decided.body).toEqual({ status: 'rejected' });
    await t.http.delete(`${BASE}/devices/newer-client`).set('authorization', admin);
  });

  it('accepts RSA, EC and Ed25519 public keys and refuses anything else, naming the field', async () => {
    for (const type of ['rsa', 'ec'] as const)
      expect((await submit(`key-${type}`, { key: pem(type) })).status).toBe(204);
    const privateKey = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    for (const key of [
      'not a key',
      privateKey,
      '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n',
    ]) {
      const res = await submit('bad-key', { key }).set('x-men-requestid', 'men-bad-key');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: 'key: must be a PEM public key (RSA, EC or Ed25519)',
        request_id: 'men-bad-key',
      });
      expect(res.headers['x-men-requestid']).toBe('men-bad-key');
    }
    expect((await get('/devices/bad-key')).status).toBe(404);
  });

  it('requires device_identity to be a JSON string of a non-empty object', async () => {
    for (const deviceIdentity of ['not json', '{}', '[1,2]', '"text"']) {
      const res = await submit('bad-identity', { device_identity: deviceIdentity });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/^device_identity: must be a JSON string/);
    }
    const missing = await t.http
      .put(`${BASE}/devices/bad-identity`)
      .set('authorization', admin)
      .send({ key: ED25519 });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toContain('device_id');
    expect(Object.keys(missing.body).sort()).toEqual(['error', 'request_id']);
  });

  it('follows the admission state machine; pending cannot be set; the same status again is a 200', async () => {
    await submit('sm-1');
    const steps: [string, number][] = [
      ['pending', 400],
      ['accepted', 200],
      ['accepted', 200],
      ['rejected', 200],
      ['rejected', 200],
      ['accepted', 200],
      ['decommissioned', 400],
    ];
    for (const [status, expected] of steps) {
      const res = await setStatus('sm-1', status);
      expect([status, res.status]).toEqual([status, expected]);
      if (expected === 200) expect(res.body).toEqual({ status });
    }
    expect((await get('/devices/sm-1/status')).body).toEqual({ status: 'accepted' });
    const unknown = await setStatus('no-such-set', 'accepted');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'device not found', request_id: expect.any(String) });
  });

  it('puts a re-submitted accepted set back to pending with a new request time', async () => {
    await submit('resubmit');
    await setStatus('resubmit', 'accepted');
    const before = (await get('/devices/resubmit')).body.request_time;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await submit('resubmit', { device_identity: identity('changed') })).status).toBe(204);
    const after = (await get('/devices/resubmit')).body;
    expect(after.status).toBe('pending');
    expect(after.attributes.sn).toBe('changed');
    expect(new Date(after.request_time).getTime()).toBeGreaterThan(new Date(before).getTime());
  });

  it('deletes with 204, also when the set does not exist', async () => {
    await submit('doomed');
    expect((await t.http.delete(`${BASE}/devices/doomed`).set('authorization', admin)).status).toBe(204);
    expect((await get('/devices/doomed')).status).toBe(404);
    expect((await t.http.delete(`${BASE}/devices/never-was`).set('authorization', admin)).status).toBe(204);
  });

  describe('paging', () => {
    beforeAll(async () => {
      for (let i = 0; i < 25; i += 1)
        await submit(`page-${String(i).padStart(2, '0')}`, { device_id: i % 2 ? 'odd' : 'even' });
      await setStatus('page-03', 'rejected');
    });
    const ids = (body: { id: string }[]) => body.map((set) => set.id);

    it('sorts by id, 10 per page by default, with first/prev/next Link headers that keep the filters', async () => {
      const first = await get('/devices?device_id=odd');
      expect(ids(first.body)).toEqual([
        'page-01',
        'page-03',
        'page-05',
        'page-07',
        'page-09',
        'page-11',
        'page-13',
        'page-15',
        'page-17',
        'page-19',
      ]);
      expect(first.headers.link).toBe(
        `<${BASE}/devices?device_id=odd&page=1&per_page=10>; rel="first", <${BASE}/devices?device_id=odd&page=2&per_page=10>; rel="next"`,
      );
      const last = await get('/devices?device_id=odd&page=2');
      expect(ids(last.body)).toEqual(['page-21', 'page-23']);
      expect(last.headers.link).toBe(
        `<${BASE}/devices?device_id=odd&page=1&per_page=10>; rel="first", <${BASE}/devices?device_id=odd&page=1&per_page=10>; rel="prev"`,
      );
      const middle = await get('/devices?per_page=5&page=2&status=pending');
      expect(middle.headers.link.match(/rel="(\w+)"/g)).toEqual(['rel="first"', 'rel="prev"', 'rel="next"']);
      expect(middle.body.every((set: { status: string }) => set.status === 'pending')).toBe(true);
      const rejected = await get('/devices?status=rejected&per_page=500');
      expect(ids(rejected.body)).toContain('page-03');
      expect(rejected.body.every((set: { status: string }) => set.status === 'rejected')).toBe(true);
      expect((await get('/devices?page=99')).body).toEqual([]);
    });

    it('serves a page reached by following next (index seek) exactly as a page reached cold (offset)', async () => {
      const cold = ids((await get('/devices?per_page=4&page=3')).body); // no anchor yet for offset 8
      const walked: string[][] = [];
      for (let page = 1; page <= 3; page += 1)
        walked.push(ids((await get(`/devices?per_page=4&page=${page}`)).body));
      expect(walked[2]).toEqual(cold);
      // A write in the tenant drops the anchors: the next page is again what its offset says.
      await t.http.delete(`${BASE}/devices/${walked[0][0]}`).set('authorization', admin);
      const shifted = ids((await get('/devices?per_page=4&page=2')).body);
      expect(shifted).toEqual([...walked[1].slice(1), walked[2][0]]);
      await submit(walked[0][0], { device_id: 'even' });
    });

    it.each([
      ['page=0', 'invalid page query: "0"'],
      ['page=abc', 'invalid page query: "abc"'],
      ['per_page=0', 'invalid per_page query: "0"'],
      ['per_page=501', 'invalid per_page query: "501": must be at most 500'],
      ['status=unknown', 'invalid status query: "unknown": must be one of pending, accepted, rejected'],
    ])('refuses %s with 400 and a message naming the parameter', async (query, error) => {
      const res = await get(`/devices?${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error, request_id: expect.any(String) });
    });

    it('counts, by status too', async () => {
      const all = (await get('/count')).body.count as number;
      expect(all).toBeGreaterThanOrEqual(25);
      expect((await get('/count?status=rejected')).body.count).toBeGreaterThanOrEqual(1);
      expect((await get('/count?status=nope')).status).toBe(400);
    });
  });

  it('treats an auth set whose id is "count" like any other; the count extension lives off /devices', async () => {
    const counted = async () => (await get('/count')).body.count as number;
    const before = await counted();
    const absent = await get('/devices/count');
    expect(absent.status).toBe(404);
    expect(absent.body).toEqual({
      error: expect.stringContaining('not found'),
      request_id: expect.any(String),
    });

    expect((await submit('count')).status).toBe(204);
    const read = await get('/devices/count');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: 'count', device_id: 'dev-count', status: 'pending' });
    expect(await counted()).toBe(before + 1);
    expect((await setStatus('count', 'accepted')).body).toEqual({ status: 'accepted' });
    expect((await get('/devices/count/status')).body).toEqual({ status: 'accepted' });
    expect((await get('/devices?device_id=dev-count')).body).toEqual([
      expect.objectContaining({ id: 'count', status: 'accepted' }),
    ]);
    expect((await submit('count', { device_identity: identity('again') })).status).toBe(204);
    expect((await get('/devices/count')).body).toMatchObject({
      status: 'pending',
      attributes: expect.objectContaining({ sn: 'again' }),
    });

    const deleted = await t.http.delete(`${BASE}/devices/count`).set('authorization', admin);
    expect(deleted.status).toBe(204);
    expect((await get('/devices/count')).status).toBe(404);
    expect(await counted()).toBe(before);
  });

  it('keeps tenants apart and roles enforced, in Mender’s error shape', async () => {
    const stranger = (await tenantUser(t.http, 'other-mender', ['ADMISSION_ADMIN'])).auth;
    expect((await get('/devices/set-1', stranger)).status).toBe(404);
    expect((await setStatus('set-1', 'accepted', stranger)).status).toBe(404);
    expect((await get('/devices?per_page=500', stranger)).body).toEqual([]);
    expect((await get('/devices/set-1', reader)).status).toBe(200);
    const forbidden = await setStatus('set-1', 'accepted', reader);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({
      error: expect.stringContaining('ADMISSION_ADMIN'),
      request_id: expect.any(String),
    });
    const anonymous = await t.http.get(`${BASE}/devices`).set('x-men-requestid', 'anon-1');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ error: 'missing or invalid credentials', request_id: 'anon-1' });
    expect(anonymous.headers['x-men-requestid']).toBe('anon-1');
    expect((await get('/devices/set-1', ADMIN_AUTH)).status).toBe(404); // a system admin acts in its own tenant here
  });

  it('ends concurrent status changes of one set in one consistent state, with an audit event each', async () => {
    await submit('race');
    await setStatus('race', 'accepted');
    const wanted = Array.from({ length: 10 }, (_, i) => (i % 2 ? 'accepted' : 'rejected'));
    const results = await Promise.all(
      wanted.map((status, i) => setStatus('race', status).set('x-men-requestid', `race-${i}`)),
    );
    expect(results.map((res) => res.status)).toEqual(wanted.map(() => 200));
    const final = (await get('/devices/race/status')).body.status;
    expect(['accepted', 'rejected']).toContain(final);
    const tenantAdmin = await tenantUser(t.http, 'mender', ['TENANT_ADMIN']);
    const events = await t.http
      .get('/api/v1/tenants/mender/audit-events?action=setAdmissionStatus&target=race&per_page=100')
      .set('authorization', tenantAdmin.auth);
    const raced = events.body.filter((event: { requestId: string }) => event.requestId.startsWith('race-'));
    expect(raced).toHaveLength(10);
    expect(raced.every((event: { outcome: string }) => event.outcome === 'success')).toBe(true);
  });

  it(`holds the tenant's accepted-device limit under concurrent decisions${onMysql() ? ' on two instances' : ''} (422 beyond)`, async () => {
    await t.http
      .post('/api/v1/tenants')
      .set('authorization', ADMIN_AUTH)
      .send({ id: 'capped', name: 'Capped', acceptedDeviceLimit: 3 });
    const capped = (await tenantUser(t.http, 'capped', ['ADMISSION_ADMIN'])).auth;
    for (let i = 0; i < 8; i += 1) await submit(`cap-${i}`, {}, capped);
    const servers = [t.app.getHttpServer()];
    if (onMysql()) servers.push((await t.startAnotherInstance()).getHttpServer());
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        request(servers[i % servers.length])
          .put(`${BASE}/devices/cap-${i}/status`)
          .set('authorization', capped)
          .send({ status: 'accepted' }),
      ),
    );
    expect(results.filter((res) => res.status === 200)).toHaveLength(3);
    const refused = results.filter((res) => res.status !== 200);
    expect(refused.map((res) => [res.status, res.body.error])).toEqual(
      refused.map(() => [422, 'maximum number of accepted devices reached']),
    );
    expect((await get('/count?status=accepted', capped)).body).toEqual({ count: 3 });
    // Rejecting one frees a place; lifting the limit (null) removes it.
    const accepted = (await get('/devices?status=accepted', capped)).body.map(
      (set: { id: string }) => set.id,
    );
    await setStatus(accepted[0], 'rejected', capped);
    const pending = (await get('/devices?status=pending', capped)).body.map((set: { id: string }) => set.id);
    expect((await setStatus(pending[0], 'accepted', capped)).status).toBe(200);
    expect((await setStatus(pending[1], 'accepted', capped)).status).toBe(422);
    await t.http
      .patch('/api/v1/tenants/capped')
      .set('authorization', ADMIN_AUTH)
      .send({ acceptedDeviceLimit: null });
    expect((await setStatus(pending[1], 'accepted', capped)).status).toBe(200);
  });

  it('takes concurrent submissions of new, same and deleted ids without a deadlock or a 500', async () => {
    const distinct = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(`burst-${i}`)));
    expect(distinct.map((res) => res.status)).toEqual(distinct.map(() => 204));
    const same = await Promise.all(
      Array.from({ length: 10 }, (_, i) => submit('burst-same', { device_id: `dev-${i}` })),
    );
    expect(same.map((res) => res.status)).toEqual(same.map(() => 204));
    expect((await get('/devices/burst-same')).body.status).toBe('pending');
    const mixed = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2
          ? submit('burst-same')
          : t.http.delete(`${BASE}/devices/burst-same`).set('authorization', admin),
      ),
    );
    expect(mixed.map((res) => res.status)).toEqual(mixed.map(() => 204));
  });

  it('answers ids up to the column length, and longer ones or bad URLs, in its own shape', async () => {
    const longest = 'x'.repeat(128);
    expect((await submit(longest, { device_id: 'longest' })).status).toBe(204);
    expect((await get(`/devices/${longest}`)).body.id).toBe(longest);
    const tooLong = await submit('y'.repeat(129), { device_id: 'too-long' }).set(
      'x-men-requestid',
      'too-long',
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toEqual({ error: 'id: at most 128 characters', request_id: 'too-long' });
    const huge = await get(`/devices/${'z'.repeat(300)}`);
    expect(huge.status).toBe(404);
    expect(huge.body).toEqual({ error: 'device not found', request_id: expect.any(String) });
    const badUrl = await get('/devices/%FF%FE').set('x-men-requestid', 'bad-url');
    expect(badUrl.status).toBe(400);
    expect(badUrl.body).toEqual({ error: expect.any(String), request_id: 'bad-url' });
    expect(badUrl.headers['x-men-requestid']).toBe('bad-url');
  });

  it('refuses repeated or oversized query values with 400 rather than failing', async () => {
    const repeated = await get('/devices?device_id=a&device_id=b');
    expect(repeated.status).toBe(400);
    expect(repeated.body.error).toBe('invalid device_id query: give it once');
    const deep = await get('/devices?page=99999999999999999999999');
    expect(deep.body).toEqual({
      error: 'invalid page query: "99999999999999999999999"',
      request_id: expect.any(String),
    });
    expect((await get('/devices?page=1000001')).body.error).toBe(
      'invalid page query: "1000001": must be at most 1000000',
    );
  });

  it("prefers the caller's X-MEN-RequestID over X-Request-ID", async () => {
    const res = await get('/devices/set-1').set('x-men-requestid', 'men-1').set('x-request-id', 'other-1');
    expect(res.headers['x-men-requestid']).toBe('men-1');
  });

  it('treats ids exactly: case, trailing spaces and distinct emoji make distinct sets', async () => {
    for (const id of ['CaseX', 'casex', 'trail', 'trail ', '😀', '😁'])
      expect((await submit(encodeURIComponent(id), { device_id: id })).status).toBe(204);
    for (const id of ['CaseX', 'casex', 'trail', 'trail ', '😀', '😁']) {
      const res = await get(`/devices/${encodeURIComponent(id)}`);
      expect([id, res.body.id, res.body.device_id]).toEqual([id, id, id]);
    }
    expect((await get('/devices/CASEX')).status).toBe(404);
    expect((await get(`/devices?device_id=casex`)).body.map((set: { id: string }) => set.id)).toEqual([
      'casex',
    ]);
  });
});
