import { sign } from 'jsonwebtoken';
import { Clock } from '../src/modules/mobile/access/clock';
import {
  accessGroup,
  area,
  beacon,
  groupAreas,
  insertRows,
  period,
  schedule,
  site,
} from './support/mobile-site-model';
import { bearer, loginPhone } from './support/mobile.fixture';
import { startTestApp, type TestApp, tenantUser } from './support/test-app';

const ACCESS = '/api/mobile/geolocation/access';
const UUID = 'f7826da6-4fa2-4e98-8024-bc5b71e0893e';
const LOBBY = { latitude: 49.1885195, longitude: -122.9922039 };
/** Monday 2026-03-02, 10:00 in Paris. */
const MONDAY_10 = new Date('2026-03-02T09:00:00Z');
const CHRISTMAS_FRIDAY_10 = new Date('2026-12-25T09:00:00Z');
const SATURDAY_10 = new Date('2026-03-07T09:00:00Z');

describe('Primis geolocation access', () => {
  let t: TestApp;
  let alice: string; // MOBILE_USER in Staff and Office, through her phone PHONE-1's token
  let aliceBasic: string;
  let dave: string; // MOBILE_USER in no group
  let bob: string; // MOBILE_ADMIN
  let globex: string; // MOBILE_USER of another tenant
  let aliceId: string;
  let clock: jest.SpyInstance<Date, []>;
  const at = (instant: Date) => clock.mockReturnValue(instant);
  const ask = (auth: string, body: object) => t.http.post(ACCESS).set('authorization', auth).send(body);
  const byBeacon = (minor: number) => ({ beacon: { uuid: UUID, major: 1, minor } });

  beforeAll(async () => {
    t = await startTestApp();
    clock = jest.spyOn(t.app.get(Clock), 'now');
    const a = await tenantUser(t.http, 'acme', ['MOBILE_USER'], 'alice@acme.test');
    aliceBasic = a.auth;
    aliceId = a.id;
    alice = bearer((await loginPhone(t.http, a.auth, 'PHONE-1')).jwt);
    dave = (await tenantUser(t.http, 'acme', ['MOBILE_USER'], 'dave@acme.test')).auth;
    bob = (await tenantUser(t.http, 'acme', ['MOBILE_ADMIN'], 'bob@acme.test')).auth;
    globex = (await tenantUser(t.http, 'globex', ['MOBILE_USER'], 'carol@globex.test')).auth;

    await insertRows(t.app, 'mobile_sites', [
      site('acme', 'hq', 'Europe/Paris'),
      site('globex', 'hq', 'UTC'),
    ]);
    await insertRows(t.app, 'mobile_beacons', [
      ...[1, 2, 3, 4, 5].map((minor) => beacon('acme', `b${minor}`, UUID, 1, minor)),
      beacon('globex', 'g1', UUID, 1, 9),
    ]);
    await insertRows(t.app, 'mobile_controlled_areas', [
      area('acme', 'hq', '110000000000', 'Factory Floor', { beacon: 'b1' }),
      area('acme', 'hq', '110000000001', 'Lobby', { gps: { ...LOBBY, radius: 50, unit: 'meters' } }),
      area('acme', 'hq', '110000000002', 'Vault', { beacon: 'b2', state: 13 }),
      area('acme', 'hq', '110000000003', 'Archive', { beacon: 'b3', geo: false }),
      area('acme', 'hq', '110000000004', 'Lab', { beacon: 'b4' }),
      area('acme', 'hq', '110000000005', 'Offices', { beacon: 'b5' }),
      area('globex', 'hq', '900', 'Globex Lobby', {
        beacon: 'g1',
        gps: { ...LOBBY, radius: 1, unit: 'kilometers' },
      }),
    ]);
    await insertRows(t.app, 'mobile_schedules', [
      schedule('acme', 'hq', 1, 'Always'),
      schedule('acme', 'hq', 2, 'Office hours'),
    ]);
    await insertRows(t.app, 'mobile_schedule_periods', [
      period('acme', 1, 0, {}),
      // Monday to Friday 08:00-17:00, not on holidays of type 1.
      period('acme', 2, 0, { days: 0x3e, start: 480, end: 1020, exceptions: 0x100 }),
    ]);
    await insertRows(t.app, 'mobile_site_holidays', [
      { tenant_id: 'acme', site_id: 'hq', date: '2026-12-25', name: 'Christmas', holiday_type: 1 },
    ]);
    await insertRows(t.app, 'mobile_access_groups', [
      accessGroup('acme', 'hq', 3, 'Staff'),
      accessGroup('acme', 'hq', 4, 'Office'),
    ]);
    await insertRows(
      t.app,
      'mobile_access_group_areas',
      groupAreas('acme', [
        [3, '110000000000'],
        [3, '110000000001'],
        [3, '110000000002'],
        [3, '110000000003'],
        [4, '110000000005'],
      ]),
    );
    await insertRows(t.app, 'mobile_access_group_schedules', [
      { tenant_id: 'acme', access_group_id: 3, schedule_id: 1 },
      { tenant_id: 'acme', access_group_id: 4, schedule_id: 2 },
    ]);
    await insertRows(
      t.app,
      'mobile_user_access_groups',
      [3, 4].map((access_group_id) => ({ tenant_id: 'acme', user_id: aliceId, access_group_id })),
    );
  });

  beforeEach(() => at(MONDAY_10));
  afterAll(async () => t?.close());

  it('grants by beacon: 201 with the area, and an empty info', async () => {
    const res = await ask(alice, byBeacon(1));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      status: 'ok',
      primisResult: { result: 'granted', zoneid: '110000000000', zonename: 'Factory Floor', info: '' },
    });
  });

  it('grants by GPS inside the radius, with the distance in the area unit', async () => {
    const res = await ask(alice, { gps: { latitude: 49.18852, longitude: -122.99221 } });
    expect(res.status).toBe(201);
    expect(res.body.primisResult).toMatchObject({
      result: 'granted',
      zoneid: '110000000001',
      zonename: 'Lobby',
      info: '',
    });
    expect(res.body.primisResult.distance).toBeGreaterThan(0);
    expect(res.body.primisResult.distance).toBeLessThan(2);
  });

  it('denies outside the radius, naming the nearest area and its distance', async () => {
    // ~556 m north of the lobby (0.005 degrees of latitude).
    const res = await ask(alice, { gps: { latitude: LOBBY.latitude + 0.005, longitude: LOBBY.longitude } });
    expect(res.status).toBe(201);
    expect(res.body.primisResult).toMatchObject({
      result: 'denied',
      zoneid: '110000000001',
      zonename: 'Lobby',
      info: 'Unable to find controlled areas nearby',
    });
    expect(res.body.primisResult.distance).toBeCloseTo(556, 0);
    const nowhere = await ask(alice, { gps: { latitude: 0, longitude: 0 } });
    expect(nowhere.body).toEqual({
      status: 'ok',
      primisResult: {
        result: 'denied',
        zoneid: '',
        zonename: '',
        info: 'Unable to find controlled areas nearby',
      },
    });
  });

  it.each([
    [2, '110000000002', 'Vault', 'The controlled area is in lockdown'],
    [3, '110000000003', 'Archive', 'The controlled area does not accept geolocation access'],
    [4, '110000000004', 'Lab', 'No access group of the user includes the controlled area'],
    [7, '', '', 'Unable to find a controlled area for this beacon'],
  ])('denies by beacon minor %d: %s %s', async (minor, zoneid, zonename, info) => {
    const res = await ask(alice, byBeacon(minor));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ status: 'ok', primisResult: { result: 'denied', zoneid, zonename, info } });
  });

  it("follows the group's schedule in the site's zone, holidays excepted", async () => {
    const offices = async () => (await ask(alice, byBeacon(5))).body.primisResult;
    expect(await offices()).toMatchObject({ result: 'granted', zoneid: '110000000005' });
    at(new Date('2026-03-02T16:30:00Z')); // 17:30 in Paris
    expect(await offices()).toMatchObject({
      result: 'denied',
      info: 'No schedule of the user allows access at this time',
    });
    at(new Date('2026-03-02T06:59:59Z')); // 07:59:59 in Paris
    expect((await offices()).result).toBe('denied');
    at(new Date('2026-03-02T07:00:00Z')); // 08:00 in Paris
    expect((await offices()).result).toBe('granted');
    at(SATURDAY_10);
    expect((await offices()).result).toBe('denied');
    at(CHRISTMAS_FRIDAY_10);
    expect(await offices()).toMatchObject({
      result: 'denied',
      info: 'No schedule of the user allows access at this time',
    });
    at(new Date('2026-12-24T09:00:00Z')); // Thursday before
    expect((await offices()).result).toBe('granted');
  });

  it('denies a user in no access group, and sees nothing of another tenant', async () => {
    expect((await ask(dave, byBeacon(1))).body.primisResult).toMatchObject({
      result: 'denied',
      zoneid: '110000000000',
      info: 'No access group of the user includes the controlled area',
    });
    // globex has no beacon minor 1: acme's Factory Floor is not found.
    expect((await ask(globex, byBeacon(1))).body.primisResult).toMatchObject({
      result: 'denied',
      zoneid: '',
    });
    // And its own area, in its own tenant: found, but carol is in no group.
    expect((await ask(globex, byBeacon(9))).body.primisResult).toMatchObject({
      result: 'denied',
      zoneid: '900',
    });
  });

  it.each([
    [{}, 'Either the beacon or the gps property must be given, not both'],
    [
      { beacon: { uuid: UUID, major: 1, minor: 1 }, gps: LOBBY },
      'Either the beacon or the gps property must be given, not both',
    ],
    [{ beacon: { uuid: 'not-a-uuid', major: 1, minor: 1 } }, 'beacon.uuid must be a UUID'],
    [{ beacon: { uuid: UUID, major: '1', minor: 1 } }, 'beacon.major must be an integer number'],
    [{ gps: { latitude: 91, longitude: 0 } }, 'gps.latitude must not be greater than 90'],
    [{ gps: 'here' }, 'gps must be an object'],
    [{ gps: null }, 'Either the beacon or the gps property must be given, not both'],
    [{ beacon: null, gps: null }, 'Either the beacon or the gps property must be given, not both'],
  ])('refuses a malformed request %j in Primis shape', async (body, message) => {
    const res = await ask(alice, body);
    expect(res.status).toBe(400);
    expect(res.body.status).toBe(400);
    expect(res.body.message).toContain(message);
  });

  it('finds an area covering the phone behind more small areas with nearer centres than the search takes', async () => {
    // 12 km north of the Lobby: a campus of 2 km around its centre, the phone 1 km from it, and 30
    // kiosks of 5 m around the phone (none covers it), every one of their centres nearer than the campus's.
    const campus = { latitude: 49.3, longitude: -122.99 };
    const phone = { latitude: 49.309, longitude: -122.99 };
    const kiosks = Array.from({ length: 30 }, (_, i) => {
      const angle = (i / 30) * 2 * Math.PI;
      const gps = {
        latitude: phone.latitude + 0.0015 * Math.cos(angle),
        longitude: phone.longitude + 0.0022 * Math.sin(angle),
        radius: 5,
        unit: 'meters',
      };
      return area('acme', 'hq', `12000000${String(i).padStart(4, '0')}`, `Kiosk ${i}`, { gps });
    });
    await insertRows(t.app, 'mobile_controlled_areas', [
      ...kiosks,
      area('acme', 'hq', '120000009999', 'Campus', { gps: { ...campus, radius: 2, unit: 'kilometers' } }),
    ]);
    await insertRows(t.app, 'mobile_access_group_areas', groupAreas('acme', [[3, '120000009999']]));

    const res = await ask(alice, { gps: phone });
    expect(res.body.primisResult).toMatchObject({
      result: 'granted',
      zoneid: '120000009999',
      zonename: 'Campus',
    });
    expect(res.body.primisResult.distance).toBeCloseTo(1.0, 1); // kilometers from the campus's centre
  });

  it('reads a null beacon or gps as absent: the other one is asked for', async () => {
    const beacon = await ask(alice, { ...byBeacon(1), gps: null });
    const gps = await ask(alice, { beacon: null, gps: LOBBY });
    expect([beacon.status, beacon.body.primisResult.result]).toEqual([201, 'granted']);
    expect([gps.status, gps.body.primisResult.result]).toEqual([201, 'granted']);
  });

  it("takes the phone from the token; a guid must be the token's, or with Basic the caller's registered phone", async () => {
    const mismatch = await ask(alice, { guid: 'PHONE-9', ...byBeacon(1) });
    expect(mismatch.status).toBe(401);
    expect(mismatch.body).toEqual({ status: 401, message: 'Invalid access token' });
    const unregistered = await ask(aliceBasic, { guid: 'PHONE-9', ...byBeacon(1) });
    expect(unregistered.status).toBe(404);
    expect(unregistered.body).toEqual({
      status: 404,
      message: 'The mobile device is not registered to this user',
    });
    const basic = await ask(aliceBasic, { guid: 'PHONE-1', ...byBeacon(1) });
    expect(basic.body.primisResult).toMatchObject({ result: 'granted', zoneid: '110000000000' });
  });

  it('refuses a deregistered phone and an expired token at once', async () => {
    const second = await loginPhone(t.http, aliceBasic, 'PHONE-2');
    expect((await ask(bearer(second.jwt), byBeacon(1))).status).toBe(201);
    const deregistered = await t.http
      .delete('/api/mobile/registration')
      .set('authorization', aliceBasic)
      .send({ phoneId: 'PHONE-2' });
    expect(deregistered.status).toBe(200);
    const revoked = await ask(bearer(second.jwt), byBeacon(1));
    expect(revoked.status).toBe(401);
    expect(revoked.body.status).toBe(401);
    const expired = sign({ sub: aliceId, tid: 'acme', typ: 'access', knd: 'user' }, t.config.jwtSecret, {
      algorithm: 'HS256',
      issuer: 'device-gateway',
      audience: 'device-gateway',
      expiresIn: -10,
    });
    const late = await ask(bearer(expired), byBeacon(1));
    expect(late.status).toBe(401);
    expect(late.body.status).toBe(401);
  });

  it('needs credentials and a mobile role', async () => {
    const anonymous = await t.http.post(ACCESS).send(byBeacon(1));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ status: 401, message: expect.any(String) });
    const stranger = (await tenantUser(t.http, 'acme', ['ADMISSION_READ'], 'eve@acme.test')).auth;
    const forbidden = await ask(stranger, byBeacon(1));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.status).toBe(403);
  });

  it('audits every decision, listed newest first to the tenant admins only', async () => {
    await ask(alice, { guid: 'PHONE-1', beacon: { uuid: UUID, major: 1, minor: 2 } });
    const list = await t.http
      .get(`/api/v1/tenants/acme/access-control/decisions?userId=${aliceId}&per_page=1`)
      .set('authorization', bob);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      {
        id: expect.any(Number),
        decidedAt: MONDAY_10.toISOString(),
        userId: aliceId,
        email: 'alice@acme.test',
        phoneId: 'PHONE-1',
        method: 'beacon',
        zoneId: '110000000002',
        result: 'denied',
        reason: 'lockdown',
        distance: null,
      },
    ]);
    expect(list.headers.link).toContain('rel="next"');
    const gps = await t.http
      .get('/api/v1/tenants/acme/access-control/decisions?zoneId=110000000001&per_page=500')
      .set('authorization', bob);
    expect(gps.body.length).toBeGreaterThanOrEqual(2);
    expect(gps.body.every((row: { method: string }) => row.method === 'gps')).toBe(true);
    expect(
      (await t.http.get('/api/v1/tenants/acme/access-control/decisions').set('authorization', alice)).status,
    ).toBe(403);
    const globexAdmin = (await tenantUser(t.http, 'globex', ['MOBILE_ADMIN'], 'admin@globex.test')).auth;
    expect(
      (await t.http.get('/api/v1/tenants/acme/access-control/decisions').set('authorization', globexAdmin))
        .status,
    ).toBe(404);
    const own = await t.http
      .get('/api/v1/tenants/globex/access-control/decisions')
      .set('authorization', globexAdmin);
    expect(own.body.map((row: { email: string }) => row.email)).toEqual([
      'carol@globex.test',
      'carol@globex.test',
    ]);
  });
});
