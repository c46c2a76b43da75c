import { DataSource, Like } from 'typeorm';
import { RateLimitHitEntity } from '../src/core/auth/entities/rate-limit-hit.entity';
import { Clock } from '../src/modules/mobile/access/clock';
import { accessGroup, area, insertRows, period, schedule, site } from './support/mobile-site-model';
import { startTestApp, type TestApp, tenantUser } from './support/test-app';

const NOW = new Date('2026-03-02T09:00:00Z'); // Monday 10:00 in Paris
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const GRANTED = { status: 'ok', result: 'Granted' };

describe('Primis zone states and momentary unlocks', () => {
  let t: TestApp;
  let admin: string;
  let user: string;
  let other: string; // a MOBILE_ADMIN of another tenant
  let clocks: jest.SpyInstance<Date, []>[];
  const at = (instant: Date) => clocks.forEach((clock) => clock.mockReturnValue(instant));
  const post = (path: string, auth: string, body: unknown) =>
    t.http
      .post(`/api/mobile/${path}`)
      .set('authorization', auth)
      .send(body as object);
  const stateOf = async (zone: string, http = t.http) =>
    (
      await http
        .get(`/api/v1/tenants/acme/access-control/controlled-areas/${zone}/effective-state`)
        .set('authorization', admin)
    ).body;

  beforeAll(async () => {
    t = await startTestApp();
    clocks = [jest.spyOn(t.app.get(Clock), 'now')];
    admin = (await tenantUser(t.http, 'acme', ['MOBILE_ADMIN'], 'admin@acme.test')).auth;
    const u = await tenantUser(t.http, 'acme', ['MOBILE_USER'], 'user@acme.test');
    user = u.auth;
    other = (await tenantUser(t.http, 'globex', ['MOBILE_ADMIN'], 'admin@globex.test')).auth;
    await insertRows(t.app, 'mobile_sites', [
      site('acme', 'hq', 'Europe/Paris'),
      site('globex', 'hq', 'UTC'),
    ]);
    await insertRows(t.app, 'mobile_controlled_areas', [
      ...['A1', 'A2', 'A3', 'NIGHT', 'LOCKED'].map((id) => area('acme', 'hq', id, `Area ${id}`)),
      area('globex', 'hq', 'G1', 'Globex area'),
    ]);
    await insertRows(t.app, 'mobile_schedules', [
      schedule('acme', 'hq', 1, 'Always'),
      schedule('acme', 'hq', 2, 'Nights'),
    ]);
    await insertRows(t.app, 'mobile_schedule_periods', [
      period('acme', 1, 0, {}),
      period('acme', 2, 0, { start: 22 * 60, end: 6 * 60 }),
    ]);
    await insertRows(t.app, 'mobile_access_groups', [
      accessGroup('acme', 'hq', 1, 'Day'),
      accessGroup('acme', 'hq', 2, 'Night'),
    ]);
    await insertRows(t.app, 'mobile_access_group_areas', [
      { tenant_id: 'acme', access_group_id: 1, controlled_area_id: 'A1' },
      { tenant_id: 'acme', access_group_id: 1, controlled_area_id: 'A2' },
      { tenant_id: 'acme', access_group_id: 1, controlled_area_id: 'LOCKED' },
      { tenant_id: 'acme', access_group_id: 2, controlled_area_id: 'NIGHT' },
    ]);
    await insertRows(t.app, 'mobile_access_group_schedules', [
      { tenant_id: 'acme', access_group_id: 1, schedule_id: 1 },
      { tenant_id: 'acme', access_group_id: 2, schedule_id: 2 },
    ]);
    await insertRows(t.app, 'mobile_user_access_groups', [
      { tenant_id: 'acme', user_id: u.id, access_group_id: 1 },
      { tenant_id: 'acme', user_id: u.id, access_group_id: 2 },
    ]);
  });

  beforeEach(() => at(NOW));
  afterAll(async () => t?.close());

  it('sets a zone state (admin only), which the door controller reads', async () => {
    const res = await post('zone_state', admin, { 'zone-id': 'A3', state: 12 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(GRANTED);
    expect(await stateOf('A3')).toEqual({
      zoneId: 'A3',
      state: 12,
      effectiveState: 'secure',
      effectiveStateCode: 12,
      open: false,
      unlockedUntil: null,
      evaluatedAt: NOW.toISOString(),
    });
    expect((await post('zone_state', admin, { 'zone-id': 'A3', state: 11 })).body).toEqual(GRANTED);
    expect(await stateOf('A3')).toMatchObject({ state: 11, effectiveState: 'open', open: true });
    const forbidden = await post('zone_state', user, { 'zone-id': 'A3', state: 13 });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.status).toBe(403);
    expect((await stateOf('A3')).state).toBe(11);
  });

  it('answers 404 for an unknown area or one of another tenant, 400 for a bad state', async () => {
    for (const [auth, zone] of [
      [admin, 'NOPE'],
      [admin, 'G1'],
      [other, 'A1'],
    ]) {
      const res = await post('zone_state', auth, { 'zone-id': zone, state: 12 });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ status: 404, message: 'Controlled area not found' });
    }
    for (const state of [14, '12', null]) {
      const res = await post('zone_state', admin, { 'zone-id': 'A1', state });
      expect(res.status).toBe(400);
      expect(res.body.status).toBe(400);
    }
    expect((await post('zone_state', admin, { state: 12 })).status).toBe(400);
  });

  it('sets many states: one result per item, in order; a bad item does not fail the others', async () => {
    const res = await post('zone_states', admin, [
      { 'zone-id': 'A2', state: 12 },
      { 'zone-id': 'NOPE', state: 12 },
      { 'zone-id': 'A3', state: 99 },
      'junk',
      { 'zone-id': 'A3', state: 10 },
    ]);
    expect(res.status).toBe(201);
    expect(res.body).toEqual([
      GRANTED,
      { status: 404, message: 'Controlled area not found' },
      { status: 400, message: expect.stringContaining('state') },
      { status: 400, message: 'each item must be a JSON object' },
      GRANTED,
    ]);
    expect((await stateOf('A2')).state).toBe(12);
    expect((await stateOf('A3')).state).toBe(10);
    for (const body of [
      { 'zone-id': 'A2', state: 12 },
      [],
      Array.from({ length: 101 }, () => ({ 'zone-id': 'A2', state: 12 })),
    ]) {
      const refused = await post('zone_states', admin, body);
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({
        status: 400,
        message: 'the body must be a JSON array of 1 to 100 items',
      });
    }
  });

  it('unlocks momentarily; the area reverts by itself, on every instance, a restart included', async () => {
    expect((await post('unlock_zone', admin, { 'zone-id': 'A1', duration: 10 })).body).toEqual(GRANTED);
    expect(await stateOf('A1')).toMatchObject({
      state: 10,
      effectiveState: 'unlocked',
      open: true,
      unlockedUntil: later(10).toISOString(),
    });
    // Another instance on the same database (a restart looks the same): the unlock is in the row, not in memory.
    const second = await t.startAnotherInstance();
    clocks.push(jest.spyOn(second.get(Clock), 'now'));
    at(later(9));
    const request = (await import('supertest')).default;
    expect(await stateOf('A1', request(second.getHttpServer()))).toMatchObject({
      effectiveState: 'unlocked',
      open: true,
    });
    at(later(10));
    expect(await stateOf('A1', request(second.getHttpServer()))).toMatchObject({
      effectiveState: 'normal',
      open: false,
      unlockedUntil: null,
    });
    expect(await stateOf('A1')).toMatchObject({ effectiveState: 'normal', open: false });
  });

  it('never unlocks a lockdown, and a new state ends a running unlock', async () => {
    expect((await post('zone_state', admin, { 'zone-id': 'LOCKED', state: 13 })).body).toEqual(GRANTED);
    expect((await post('unlock_zone', admin, { 'zone-id': 'LOCKED', duration: 10 })).body).toEqual({
      status: 'ok',
      result: 'Denied',
      info: 'The controlled area is in lockdown',
    });
    expect((await post('user/unlock_zone', user, { 'zone-id': 'LOCKED', duration: 10 })).body.result).toBe(
      'Denied',
    );
    expect(await stateOf('LOCKED')).toMatchObject({ effectiveState: 'LOCKDOWN', open: false });
    await post('unlock_zone', admin, { 'zone-id': 'A2', duration: 60 });
    expect((await stateOf('A2')).open).toBe(true);
    await post('zone_state', admin, { 'zone-id': 'A2', state: 12 });
    expect(await stateOf('A2')).toMatchObject({ effectiveState: 'secure', open: false, unlockedUntil: null });
  });

  it('lets a user unlock only areas they may enter now', async () => {
    expect((await post('user/unlock_zone', user, { 'zone-id': 'A1', duration: 5 })).body).toEqual(GRANTED);
    expect((await post('user/unlock_zone', user, { 'zone-id': 'A3', duration: 5 })).body).toEqual({
      status: 'ok',
      result: 'Denied',
      info: 'No access group of the user includes the controlled area',
    });
    expect((await post('user/unlock_zone', user, { 'zone-id': 'NIGHT', duration: 5 })).body).toEqual({
      status: 'ok',
      result: 'Denied',
      info: 'No schedule of the user allows access at this time',
    });
    at(new Date('2026-03-02T22:30:00Z')); // 23:30 in Paris
    expect((await post('user/unlock_zone', user, { 'zone-id': 'NIGHT', duration: 5 })).body).toEqual(GRANTED);
    expect((await post('user/unlock_zone', user, { 'zone-id': 'G1', duration: 5 })).status).toBe(404);
    expect((await post('unlock_zone', user, { 'zone-id': 'A1', duration: 5 })).status).toBe(403);
    const batch = await post('user/unlock_zones', user, [
      { 'zone-id': 'NIGHT', duration: 5 },
      { 'zone-id': 'A3', duration: 5 },
      { 'zone-id': 'A1', duration: 0 },
      { 'zone-id': 'G1', duration: 5 },
    ]);
    expect(batch.body).toEqual([
      GRANTED,
      { status: 'ok', result: 'Denied', info: 'No access group of the user includes the controlled area' },
      { status: 400, message: 'duration must not be less than 1' },
      { status: 404, message: 'Controlled area not found' },
    ]);
    const admins = await post('unlock_zones', admin, [
      { 'zone-id': 'A3', duration: 5 },
      { 'zone-id': 'A1', duration: 3601 },
    ]);
    expect(admins.body).toEqual([
      GRANTED,
      { status: 400, message: 'duration must not be greater than 3600' },
    ]);
  });

  it('rate limits unlock floods per user with a 429 in Primis shape', async () => {
    const flooder = (await tenantUser(t.http, 'acme', ['MOBILE_ADMIN'], 'flooder@acme.test')).auth;
    const answers = [];
    for (let i = 0; i < 31; i += 1)
      answers.push(await post('unlock_zone', flooder, { 'zone-id': 'A3', duration: 1 }));
    expect(answers.slice(0, 30).every((res) => res.status === 201)).toBe(true);
    const refused = answers[30];
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ status: 429, message: 'Too many unlock requests: at most 30 a minute' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another user is not held back by it.
    expect((await post('unlock_zone', admin, { 'zone-id': 'A3', duration: 1 })).status).toBe(201);

    // A 429 under an Idempotency-Key is not kept: once the window has passed, the same key runs.
    const keyed = () =>
      post('unlock_zone', flooder, { 'zone-id': 'A3', duration: 1 }).set('idempotency-key', 'flood-32');
    expect((await keyed()).status).toBe(429);
    await t.app
      .get(DataSource)
      .getRepository(RateLimitHitEntity)
      .update({ key: Like('mobile-unlock:%') }, { expiresAt: new Date(0) });
    const ran = await keyed();
    expect(ran.status).toBe(201);
    expect(ran.headers['idempotent-replayed']).toBeUndefined();
    const replayed = await keyed();
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body).toEqual(ran.body);
  });
});
