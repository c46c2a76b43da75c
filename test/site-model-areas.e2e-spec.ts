import { accessControl, fieldErrors, siteModelApp, siteModelTenant } from './support/access-control';
import { tenantUser } from './support/test-app';

const BEACON = {
  uuid: 'F7826DA6-4FA2-4E98-8024-BC5B71E0893E',
  major: 1,
  minor: 3,
  advInterval: 350,
};
const LOBBY = {
  name: 'Lobby',
  siteId: 'hq',
  geoLocation: {
    enabled: true,
    gps: { latitude: 49.1885195, longitude: -122.9922039, radius: 50, unitType: 'meters' },
  },
};

describe('site model: controlled areas and beacons', () => {
  const app = siteModelApp();

  it('beacons: PUT 201/200 with every spec field, the uuid kept lower case; GET, list', async () => {
    const created = await app.api.put('beacons/rLxR', {
      ...BEACON,
      avgEventInterval: 60,
      lastEventTimestamp: '2026-11-30T08:15:00.000Z',
      batteryLevel: 76,
      master: 'cloud-1',
      deviceData: { firmware: '4.1' },
      statusData: { rssi: -70 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      uniqueId: 'rLxR',
      uuid: 'f7826da6-4fa2-4e98-8024-bc5b71e0893e',
      major: 1,
      minor: 3,
      advInterval: 350,
      avgEventInterval: 60,
      lastEventTimestamp: '2026-11-30T08:15:00.000Z',
      batteryLevel: 76,
      master: 'cloud-1',
      updatedAt: expect.any(String),
      deviceData: { firmware: '4.1' },
      statusData: { rssi: -70 },
    });
    const replaced = await app.api.put('beacons/rLxR', BEACON);
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ batteryLevel: null, deviceData: null, master: null });
    // Ids are exact: rlxr is another beacon.
    await app.api.put('beacons/rlxr', { ...BEACON, minor: 4 });
    expect(
      (await app.api.get('beacons')).body.map((beacon: { uniqueId: string }) => beacon.uniqueId),
    ).toEqual(['rLxR', 'rlxr']);
    expect((await app.api.get('beacons/rlxr')).body.minor).toBe(4);
  });

  it('beacons: refuses a duplicate uuid/major/minor (409), bad fields (400), unknown ids (404)', async () => {
    const duplicate = await app.api.put('beacons/other', { ...BEACON, uuid: BEACON.uuid.toLowerCase() });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.detail).toMatch(/uuid\/major\/minor f7826da6-4fa2-4e98-8024-bc5b71e0893e 1\/3/);
    const bad = await app.api.put('beacons/other', {
      uuid: 'not-a-uuid',
      major: 70000,
      minor: -1,
      advInterval: 0,
      batteryLevel: 101,
      lastEventTimestamp: 'yesterday',
      deviceData: 'text',
    });
    expect(bad.body).toMatchObject(
      fieldErrors(
        400,
        'uuid',
        'major',
        'minor',
        'advInterval',
        'batteryLevel',
        'lastEventTimestamp',
        'deviceData',
      ),
    );
    const huge = await app.api.put('beacons/other', {
      ...BEACON,
      minor: 9,
      deviceData: { blob: 'x'.repeat(17_000) },
    });
    expect(huge.status).toBe(400);
    expect(huge.body.detail).toMatch(/deviceData may hold at most 16384 bytes/);
    expect((await app.api.get('beacons/other')).status).toBe(404);
    expect((await app.api.delete('beacons/other')).status).toBe(404);
  });

  it('areas: PUT 201 with defaults, GPS geolocation; 200 on replace; GET, list', async () => {
    const created = await app.api.put('controlled-areas/110000000001', LOBBY);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: '110000000001',
      name: 'Lobby',
      description: '',
      siteId: 'hq',
      state: 'normal',
      stateCode: 10,
      stateChangedAt: expect.any(String),
      unlockedUntil: null,
      toggle: '',
      factor: 0,
      authorizationMode: 0,
      authorizationTimout: 0,
      zoneGroupId: '',
      geoLocation: LOBBY.geoLocation,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const replaced = await app.api.put('controlled-areas/110000000001', {
      ...LOBBY,
      description: 'Front door',
      state: 'LOCKDOWN',
      toggle: 'T',
      factor: 1,
      authorizationMode: 2,
      authorizationTimout: 30,
      zoneGroupId: 'zg-1',
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      description: 'Front door',
      state: 'LOCKDOWN',
      stateCode: 13,
      toggle: 'T',
      factor: 1,
      authorizationMode: 2,
      authorizationTimout: 30,
      zoneGroupId: 'zg-1',
      createdAt: created.body.createdAt,
    });
    expect(replaced.body.stateChangedAt >= created.body.stateChangedAt).toBe(true);
    expect((await app.api.get('controlled-areas/110000000001')).body).toEqual(replaced.body);
    expect((await app.api.get('controlled-areas')).body).toEqual([replaced.body]);
  });

  it('areas: a beacon geolocation shows the beacon’s major/minor; a beacon serves one area', async () => {
    const area = await app.api.put('controlled-areas/110000000000', {
      name: 'Factory Floor',
      siteId: 'hq',
      geoLocation: { enabled: true, beacon: { uniqueId: 'rLxR' } },
    });
    expect(area.status).toBe(201);
    expect(area.body.geoLocation).toEqual({
      enabled: true,
      beacon: { uniqueId: 'rLxR', major: 1, minor: 3 },
    });
    const taken = await app.api.put('controlled-areas/110000000002', {
      name: 'Dock',
      siteId: 'hq',
      geoLocation: { enabled: true, beacon: { uniqueId: 'rLxR', major: 1, minor: 3 } },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toBe('beacon rLxR is already used by controlled area 110000000000');
    expect((await app.api.get('controlled-areas/110000000002')).status).toBe(404);
    const wrongMinor = await app.api.put('controlled-areas/110000000002', {
      name: 'Dock',
      siteId: 'hq',
      geoLocation: { enabled: true, beacon: { uniqueId: 'rlxr', major: 1, minor: 3 } },
    });
    expect(wrongMinor.status).toBe(422);
    expect(wrongMinor.body).toMatchObject({
      errors: [{ field: 'geoLocation.beacon.minor', message: 'beacon rlxr has minor 4, not 3' }],
    });
    const unknownBeacon = await app.api.put('controlled-areas/110000000002', {
      name: 'Dock',
      siteId: 'hq',
      geoLocation: { enabled: true, beacon: { uniqueId: 'nope' } },
    });
    expect(unknownBeacon.status).toBe(422);
    expect(unknownBeacon.body.errors).toEqual([
      { field: 'geoLocation.beacon.uniqueId', message: 'no beacon nope in this tenant' },
    ]);
  });

  it('beacons: refused delete while an area uses one (409); allowed once the area lets go', async () => {
    const refused = await app.api.delete('beacons/rLxR');
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/used by a controlled area/);
    // The area moves to the other beacon: rLxR is free, rlxr is held.
    const moved = await app.api.put('controlled-areas/110000000000', {
      name: 'Factory Floor',
      siteId: 'hq',
      geoLocation: { enabled: true, beacon: { uniqueId: 'rlxr' } },
    });
    expect(moved.status).toBe(200);
    expect((await app.api.delete('beacons/rLxR')).status).toBe(204);
    expect((await app.api.delete('beacons/rlxr')).status).toBe(409);
    expect((await app.api.delete('controlled-areas/110000000000')).status).toBe(204);
    expect((await app.api.delete('beacons/rlxr')).status).toBe(204);
  });

  it('areas: validates geolocation (latitude, longitude, radius, unit) and the rest (400 naming each)', async () => {
    const gps = await app.api.put('controlled-areas/bad', {
      name: 'Bad',
      siteId: 'hq',
      geoLocation: { enabled: true, gps: { latitude: 91, longitude: -181, radius: 0, unitType: 'parsecs' } },
    });
    expect(gps.body).toMatchObject(
      fieldErrors(
        400,
        'geoLocation.gps.latitude',
        'geoLocation.gps.longitude',
        'geoLocation.gps.radius',
        'geoLocation.gps.unitType',
      ),
    );
    const far = await app.api.put('controlled-areas/far', {
      name: 'Far',
      siteId: 'hq',
      geoLocation: { enabled: true, gps: { latitude: 0, longitude: 0, radius: 3.2, unitType: 'miles' } },
    });
    expect(far.status).toBe(400);
    expect(far.body.errors).toEqual([
      { field: 'geoLocation.gps.radius', message: 'geoLocation.gps.radius: may be at most 5000 meters' },
    ]);
    const edges = await app.api.put('controlled-areas/edge', {
      name: 'Edge',
      siteId: 'hq',
      geoLocation: { enabled: true, gps: { latitude: -90, longitude: 180, radius: 0.5, unitType: 'miles' } },
    });
    expect(edges.status).toBe(201);
    const rest = await app.api.put('controlled-areas/bad', {
      name: 'Bad',
      siteId: 'hq',
      state: 'ajar',
      toggle: 'X',
      factor: -1,
      authorizationTimout: 'soon',
    });
    expect(rest.body).toMatchObject(fieldErrors(400, 'state', 'toggle', 'factor', 'authorizationTimout'));
    const nothing = await app.api.put('controlled-areas/bad', {
      name: 'Bad',
      siteId: 'hq',
      geoLocation: { enabled: true },
    });
    expect(nothing.body).toMatchObject(fieldErrors(400, 'geoLocation'));
    const unknown = await app.api.put('controlled-areas/bad', { name: 'Bad', siteId: 'hq', guardGroup: 'x' });
    expect(unknown.body.errors).toEqual([
      { field: 'guardGroup', message: 'property guardGroup should not exist' },
    ]);
    const site = await app.api.put('controlled-areas/bad', { name: 'Bad', siteId: 'nowhere' });
    expect(site.status).toBe(422);
    expect(site.body.errors).toEqual([{ field: 'siteId', message: 'no site nowhere in this tenant' }]);
    expect((await app.api.get('controlled-areas/bad')).status).toBe(404);
    expect((await app.api.delete('controlled-areas/bad')).status).toBe(404);
  });

  it('areas: another tenant’s site and beacon are unknown (422); its areas are 404; wrong role 403', async () => {
    const other = await siteModelTenant(app.t.http, 'globex');
    await other.put('beacons/g1', { ...BEACON, major: 7 });
    await other.put('sites/plant', { name: 'Plant', timeZone: 'UTC' });
    const res = await app.api.put('controlled-areas/x', {
      name: 'X',
      siteId: 'plant',
      geoLocation: { enabled: true, beacon: { uniqueId: 'g1' } },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((error: { field: string }) => error.field)).toEqual(['siteId']);
    const beacon = await app.api.put('controlled-areas/x', {
      name: 'X',
      siteId: 'hq',
      geoLocation: { enabled: true, beacon: { uniqueId: 'g1' } },
    });
    expect(beacon.body.errors).toEqual([
      { field: 'geoLocation.beacon.uniqueId', message: 'no beacon g1 in this tenant' },
    ]);
    expect((await other.get('controlled-areas/110000000001')).status).toBe(404);
    expect((await other.get('beacons/g1')).status).toBe(200);
    expect((await app.api.get('beacons/g1')).status).toBe(404);
    const user = await tenantUser(app.t.http, 'acme', ['MOBILE_USER']);
    const asUser = accessControl(app.t.http, 'acme', user.auth);
    expect((await asUser.put('controlled-areas/x', LOBBY)).status).toBe(403);
    expect((await asUser.get('beacons')).status).toBe(403);
    expect((await asUser.delete('controlled-areas/110000000001')).status).toBe(403);
  });

  it('deleting an area frees its site', async () => {
    await app.api.put('sites/annex', { name: 'Annex', timeZone: 'UTC' });
    await app.api.put('controlled-areas/annex-door', { name: 'Door', siteId: 'annex' });
    expect((await app.api.delete('sites/annex')).status).toBe(409);
    // Moving the area (nothing lists it) moves its reference too.
    expect((await app.api.put('controlled-areas/annex-door', { name: 'Door', siteId: 'hq' })).status).toBe(
      200,
    );
    expect((await app.api.delete('sites/annex')).status).toBe(204);
    expect((await app.api.delete('controlled-areas/annex-door')).status).toBe(204);
  });
});
