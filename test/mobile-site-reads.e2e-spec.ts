import { Clock } from '../src/modules/mobile/access/clock';
import { accessGroup, area, beacon, insertRows, period, schedule, site } from './support/mobile-site-model';
import { bearer, loginPhone } from './support/mobile.fixture';
import { startTestApp, type TestApp, tenantUser } from './support/test-app';

const UUID = 'f7826da6-4fa2-4e98-8024-bc5b71e0893e';
const NOW = new Date('2026-03-02T09:00:00Z'); // Monday 10:00 in Paris
const LOBBY = {
  id: '110000000001',
  name: 'Lobby',
  description: '',
  toggle: '',
  factor: 0,
  authorizationTimout: 0,
  authorizationMode: 0,
  guardGroup: '',
  state: 'normal',
  zoneGroupId: '',
  siteId: 'hq',
  geoLocation: {
    enabled: true,
    beacon: { uniqueId: 'rLxR', major: 1, minor: 3 },
    gps: { latitude: 49.1885195, longitude: -122.9922039, unitType: 'meters', radius: 50 },
  },
};

describe('Primis mobile reads, beacon status and controlled-area schedules', () => {
  let t: TestApp;
  let user: string;
  let admin: string;
  let other: string;
  let clock: jest.SpyInstance<Date, []>;
  const get = (path: string, auth: string) => t.http.get(path).set('authorization', auth);
  const post = (path: string, auth: string, body: object) =>
    t.http.post(path).set('authorization', auth).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    clock = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(NOW);
    const u = await tenantUser(t.http, 'acme', ['MOBILE_USER'], 'user@acme.test');
    user = u.auth;
    admin = (await tenantUser(t.http, 'acme', ['MOBILE_ADMIN'], 'admin@acme.test')).auth;
    other = (await tenantUser(t.http, 'globex', ['MOBILE_ADMIN'], 'admin@globex.test')).auth;
    await insertRows(t.app, 'mobile_sites', [
      site('acme', 'hq', 'Europe/Paris'),
      site('globex', 'hq', 'UTC'),
    ]);
    await insertRows(t.app, 'mobile_beacons', [
      { ...beacon('acme', 'rLxR', UUID, 1, 3), device_data: '{"firmware":"4.1"}' },
      beacon('acme', 'zZz9', UUID, 2, 1),
      beacon('globex', 'gB', UUID, 1, 3),
    ]);
    await insertRows(t.app, 'mobile_controlled_areas', [
      area('acme', 'hq', LOBBY.id, 'Lobby', {
        beacon: 'rLxR',
        gps: { ...LOBBY.geoLocation.gps, unit: 'meters' },
      }),
      area('acme', 'hq', '110000000002', 'Vault', { state: 13, geo: false }),
      area('acme', 'hq', '110000000003', 'Garage'),
      area('globex', 'hq', 'G1', 'Globex'),
    ]);
    await insertRows(t.app, 'mobile_schedules', [
      schedule('acme', 'hq', 1, 'Office hours'),
      schedule('acme', 'hq', 2, 'Unused'),
      schedule('globex', 'hq', 7, 'Globex'),
    ]);
    await insertRows(t.app, 'mobile_schedule_periods', [
      period('acme', 1, 0, { days: 0x3e, start: 480, end: 1020, on: '2026-01-01 00:00:00' }),
      period('acme', 1, 1, { frequency: 0x40 | 0x100, days: 0 }),
    ]);
    await insertRows(t.app, 'mobile_access_groups', [
      accessGroup('acme', 'hq', 3, 'Staff'),
      accessGroup('acme', 'hq', 545, 'Management'),
      accessGroup('globex', 'hq', 9, 'Globex'),
    ]);
    await insertRows(t.app, 'mobile_access_group_areas', [
      { tenant_id: 'acme', access_group_id: 3, controlled_area_id: LOBBY.id },
      { tenant_id: 'acme', access_group_id: 545, controlled_area_id: LOBBY.id },
      { tenant_id: 'acme', access_group_id: 545, controlled_area_id: '110000000002' },
    ]);
    await insertRows(t.app, 'mobile_access_group_schedules', [
      { tenant_id: 'acme', access_group_id: 3, schedule_id: 1 },
    ]);
    await insertRows(t.app, 'mobile_user_access_groups', [
      { tenant_id: 'acme', user_id: u.id, access_group_id: 3 },
    ]);
  });

  afterAll(async () => t?.close());

  it('lists and gets beacons of the caller tenant only', async () => {
    const list = await get('/api/mobile/beacons', user);
    expect(list.status).toBe(200);
    expect(list.body.map((b: { uniqueId: string }) => b.uniqueId)).toEqual(['rLxR', 'zZz9']);
    const one = await get('/api/mobile/beacon/rLxR', user);
    expect(one.body).toEqual({
      uniqueId: 'rLxR',
      major: 1,
      minor: 3,
      uuid: UUID,
      advInterval: 350,
      avgEventInterval: null,
      lastEventTimestamp: null,
      batteryLevel: null,
      master: null,
      updatedAt: '2026-01-01T00:00:00.000Z',
      deviceData: { firmware: '4.1' },
      statusData: null,
    });
    for (const id of ['gB', 'nope']) {
      const missing = await get(`/api/mobile/beacon/${id}`, user);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ status: 404, message: 'Beacon not found' });
    }
    expect((await t.http.get('/api/mobile/beacons')).status).toBe(401);
  });

  it('records a beacon status report', async () => {
    const res = await post('/api/mobile/beacon/status', user, { major: 1, minor: 3, batteryLevel: 76 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ status: 'ok', primisResult: {} });
    expect((await get('/api/mobile/beacon/rLxR', user)).body).toMatchObject({
      batteryLevel: 76,
      lastEventTimestamp: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
    // globex's beacon with the same major/minor is untouched.
    expect((await get('/api/mobile/beacon/gB', other)).body.batteryLevel).toBeNull();
    expect(
      (await post('/api/mobile/beacon/status', user, { major: 9, minor: 9, batteryLevel: 5 })).status,
    ).toBe(404);
    const bad = await post('/api/mobile/beacon/status', user, { major: 1, minor: 3, batteryLevel: 101 });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ status: 400, message: 'batteryLevel must not be greater than 100' });
  });

  it("lists the caller's own areas, access groups and schedules", async () => {
    expect((await get('/api/mobile/controlled_areas', user)).body).toEqual([LOBBY]);
    expect((await get('/api/mobile/access_groups', user)).body).toEqual([
      { id: 3, name: 'Staff', description: '', site_id: 'hq' },
    ]);
    expect((await get('/api/mobile/schedules', user)).body).toEqual([
      {
        id: '1',
        name: 'Office hours',
        description: '',
        siteId: 'hq',
        usedByAccessGroup: true,
        periods: [
          {
            id: expect.any(String),
            frequency: 2,
            exceptions: 0,
            days: 0x3e,
            start_time: '08:00',
            end_time: '17:00',
            on_time: '2026-01-01 00:00:00.0',
            off_time: '1900-01-01 00:00:00.0',
            enabled: 1,
          },
          expect.objectContaining({ frequency: 0x140, days: 0 }),
        ],
      },
    ]);
    // An admin in no group has none of their own.
    expect((await get('/api/mobile/controlled_areas', admin)).body).toEqual([]);
  });

  it("lists the areas and groups of a phone's user to admins of its tenant only", async () => {
    const phone = bearer((await loginPhone(t.http, user, 'PHONE-U1')).jwt);
    expect((await get('/api/mobile/PHONE-U1/controlled_areas', admin)).body).toEqual([LOBBY]);
    expect((await get('/api/mobile/PHONE-U1/access_groups', admin)).body).toEqual([
      { id: 3, name: 'Staff', description: '', site_id: 'hq' },
    ]);
    // The phone's own token reaches the user's routes, not the admin's.
    expect((await get('/api/mobile/controlled_areas', phone)).body).toEqual([LOBBY]);
    expect((await get('/api/mobile/PHONE-U1/controlled_areas', phone)).status).toBe(403);
    for (const [path, auth] of [
      ['/api/mobile/PHONE-NONE/controlled_areas', admin],
      ['/api/mobile/PHONE-NONE/access_groups', admin],
      ['/api/mobile/PHONE-U1/controlled_areas', other],
      ['/api/mobile/PHONE-U1/access_groups', other],
    ]) {
      const missing = await get(path, auth);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ status: 404, message: 'Mobile device not found' });
    }
  });

  it("lists an access group's areas for admins only", async () => {
    const res = await get('/api/access_groups/545/controlled_areas_detail', admin);
    expect(res.status).toBe(200);
    expect(res.body.map((a: { id: string; state: string }) => [a.id, a.state])).toEqual([
      [LOBBY.id, 'normal'],
      ['110000000002', 'LOCKDOWN'],
    ]);
    expect(res.body[1].geoLocation).toEqual({ enabled: false });
    expect((await get('/api/access_groups/3/controlled_areas_detail', user)).status).toBe(403);
    for (const [id, auth] of [
      ['9', admin],
      ['3', other],
      ['1000', admin],
    ]) {
      const missing = await get(`/api/access_groups/${id}/controlled_areas_detail`, auth);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ status: 404, message: 'Access group not found' });
    }
    expect((await get('/api/access_groups/abc/controlled_areas_detail', admin)).status).toBe(400);
  });

  it('drives an area in the normal state by a controlled-area schedule', async () => {
    const path = '/api/controlled_area_schedules/schedule';
    const body = {
      id: 1,
      description: 'Garage opens in office hours',
      zones: [{ controlled_area_id: '110000000003', on_action: 1, off_action: 2 }],
    };
    const res = await post(path, admin, body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: 1,
      name: 'Office hours',
      description: '',
      zones: [
        {
          id: expect.any(String),
          controlled_area_id: '110000000003',
          on_action: 1,
          off_action: 2,
          description: 'Garage opens in office hours',
        },
      ],
    });
    const state = async () =>
      (await get('/api/v1/tenants/acme/access-control/controlled-areas/110000000003/effective-state', admin))
        .body;
    expect(await state()).toMatchObject({
      state: 10,
      effectiveState: 'open',
      effectiveStateCode: 11,
      open: true,
    });
    clock.mockReturnValue(new Date('2026-03-02T18:00:00Z')); // 19:00 in Paris
    expect(await state()).toMatchObject({ state: 10, effectiveState: 'secure', open: false });
    clock.mockReturnValue(NOW);
    // Posting the pair again replaces its actions.
    const again = await post(path, admin, {
      id: 1,
      zones: [{ controlled_area_id: '110000000003', on_action: 0, off_action: 0, description: 'manual' }],
    });
    expect(again.body.zones).toEqual([
      expect.objectContaining({ on_action: 0, off_action: 0, description: 'manual' }),
    ]);
    expect(await state()).toMatchObject({ effectiveState: 'normal', open: false });
  });

  it('refuses controlled-area schedules of unknown or foreign ids, bad actions, and non-admins', async () => {
    const path = '/api/controlled_area_schedules/schedule';
    const zone = { controlled_area_id: '110000000003', on_action: 1, off_action: 2 };
    expect((await post(path, admin, { id: 7, zones: [zone] })).body).toEqual({
      status: 404,
      message: 'Schedule not found',
    });
    expect(
      (await post(path, admin, { id: 1, zones: [zone, { ...zone, controlled_area_id: 'G1' }] })).body,
    ).toEqual({
      status: 404,
      message: 'Controlled area G1 not found',
    });
    const bad = await post(path, admin, { id: 1, zones: [{ ...zone, on_action: 5 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('zones.0.on_action');
    expect((await post(path, admin, { id: 1, zones: [] })).status).toBe(400);
    expect((await post(path, user, { id: 1, zones: [zone] })).status).toBe(403);
    expect((await post(path, other, { id: 1, zones: [zone] })).body).toEqual({
      status: 404,
      message: 'Schedule not found',
    });
  });
});
