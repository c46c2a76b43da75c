import { Clock } from '../src/modules/mobile/access/clock';
import { bearer, loginPhone } from './support/mobile.fixture';
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
import { startTestApp, type TestApp, tenantUser } from './support/test-app';

const UUID = 'f7826da6-4fa2-4e98-8024-bc5b71e0893e';
const NO_SCHEDULE = 'No schedule of the user allows access at this time';

/**
 * Schedule edges through the whole app, "now" injected: a site in New York (UTC-5, UTC-4 from the
 * 8 March 2026 DST change), a nightly window 22:00-06:00 in force from 1 to 20 March, and a period that
 * runs on holidays of type 2 only.
 */
describe('Primis geolocation access at schedule edges (time injected)', () => {
  let t: TestApp;
  let phone: string;
  let clock: jest.SpyInstance<Date, []>;
  const resultAt = async (instant: string) => {
    clock.mockReturnValue(new Date(instant));
    const res = await t.http
      .post('/api/mobile/geolocation/access')
      .set('authorization', phone)
      .send({ beacon: { uuid: UUID, major: 1, minor: 1 } });
    expect(res.status).toBe(201);
    const { result, info } = res.body.primisResult;
    return result === 'granted' ? 'granted' : `denied: ${info}`;
  };

  beforeAll(async () => {
    t = await startTestApp();
    clock = jest.spyOn(t.app.get(Clock), 'now');
    const user = await tenantUser(t.http, 'acme', ['MOBILE_USER'], 'night@acme.test');
    phone = bearer((await loginPhone(t.http, user.auth, 'NIGHT-PHONE')).jwt);
    await insertRows(t.app, 'mobile_sites', [site('acme', 'ny', 'America/New_York')]);
    await insertRows(t.app, 'mobile_beacons', [beacon('acme', 'b1', UUID, 1, 1)]);
    await insertRows(t.app, 'mobile_controlled_areas', [
      area('acme', 'ny', 'DOCK', 'Dock', { beacon: 'b1' }),
    ]);
    await insertRows(t.app, 'mobile_schedules', [
      schedule('acme', 'ny', 1, 'Nights in March'),
      schedule('acme', 'ny', 2, 'Holidays of type 2'),
    ]);
    await insertRows(t.app, 'mobile_schedule_periods', [
      period('acme', 1, 0, {
        start: 22 * 60,
        end: 6 * 60,
        on: '2026-03-01 00:00:00',
        off: '2026-03-20 00:00:00',
      }),
      period('acme', 2, 0, { frequency: 0x40 | 0x200, days: 0 }),
    ]);
    await insertRows(t.app, 'mobile_site_holidays', [
      { tenant_id: 'acme', site_id: 'ny', date: '2026-07-04', name: 'Independence Day', holiday_type: 2 },
      { tenant_id: 'acme', site_id: 'ny', date: '2026-12-25', name: 'Christmas', holiday_type: 1 },
    ]);
    await insertRows(t.app, 'mobile_access_groups', [accessGroup('acme', 'ny', 1, 'Night shift')]);
    await insertRows(t.app, 'mobile_access_group_areas', groupAreas('acme', [[1, 'DOCK']]));
    await insertRows(t.app, 'mobile_access_group_schedules', [
      { tenant_id: 'acme', access_group_id: 1, schedule_id: 1 },
      { tenant_id: 'acme', access_group_id: 1, schedule_id: 2 },
    ]);
    await insertRows(t.app, 'mobile_user_access_groups', [
      { tenant_id: 'acme', user_id: user.id, access_group_id: 1 },
    ]);
  });
  afterAll(() => t?.close());

  it("opens and closes the window on the site's wall clock, not at UTC midnight", async () => {
    expect(await resultAt('2026-03-03T00:00:00Z')).toBe(`denied: ${NO_SCHEDULE}`); // 19:00 in New York
    expect(await resultAt('2026-03-03T02:59:59Z')).toBe(`denied: ${NO_SCHEDULE}`); // 21:59:59
    expect(await resultAt('2026-03-03T03:00:00Z')).toBe('granted'); // 22:00
  });

  it('keeps a window that spans midnight open across the local midnight', async () => {
    expect(await resultAt('2026-03-03T04:59:59Z')).toBe('granted'); // 23:59:59 on the 2nd
    expect(await resultAt('2026-03-03T05:00:00Z')).toBe('granted'); // 00:00 on the 3rd
    expect(await resultAt('2026-03-03T10:59:59Z')).toBe('granted'); // 05:59:59
    expect(await resultAt('2026-03-03T11:00:00Z')).toBe(`denied: ${NO_SCHEDULE}`); // 06:00
  });

  it('closes at 06:00 wall clock on the night the clocks go forward', async () => {
    // 8 March 2026, 02:00 EST becomes 03:00 EDT: 06:00 is 10:00Z, no longer 11:00Z.
    expect(await resultAt('2026-03-08T09:59:59Z')).toBe('granted'); // 05:59:59 EDT
    expect(await resultAt('2026-03-08T10:00:00Z')).toBe(`denied: ${NO_SCHEDULE}`); // 06:00 EDT
    expect(await resultAt('2026-03-09T02:00:00Z')).toBe('granted'); // 22:00 EDT on the 8th
  });

  it('is in force only between on_time and off_time (site wall clock)', async () => {
    expect(await resultAt('2026-02-28T03:30:00Z')).toBe(`denied: ${NO_SCHEDULE}`); // 22:30 on 27 Feb
    expect(await resultAt('2026-03-01T05:30:00Z')).toBe('granted'); // 00:30 on 1 March (from the 28th)
    expect(await resultAt('2026-03-20T03:59:59Z')).toBe('granted'); // 23:59:59 on the 19th
    expect(await resultAt('2026-03-20T04:00:00Z')).toBe(`denied: ${NO_SCHEDULE}`); // 00:00 on the 20th
  });

  it('opens a holiday period on the holidays of its type only, all day in the site zone', async () => {
    expect(await resultAt('2026-07-04T04:00:00Z')).toBe('granted'); // 00:00 EDT on 4 July
    expect(await resultAt('2026-07-04T16:00:00Z')).toBe('granted');
    expect(await resultAt('2026-07-05T03:59:59Z')).toBe('granted'); // 23:59:59 EDT on 4 July
    expect(await resultAt('2026-07-05T04:00:00Z')).toBe(`denied: ${NO_SCHEDULE}`); // 5 July
    expect(await resultAt('2026-07-04T03:59:59Z')).toBe(`denied: ${NO_SCHEDULE}`); // 23:59:59 on 3 July
    expect(await resultAt('2026-12-25T17:00:00Z')).toBe(`denied: ${NO_SCHEDULE}`); // a type 1 holiday
  });
});
