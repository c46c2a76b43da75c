import { accessControl, fieldErrors, siteModelApp, siteModelTenant } from './support/access-control';
import { tenantUser } from './support/test-app';

const WEEKDAYS = 0x3e;
const OFFICE = {
  name: 'Office hours',
  siteId: 'hq',
  periods: [{ frequency: 2, days: WEEKDAYS, start_time: '08:00', end_time: '18:00' }],
};

describe('site model: schedules and their periods', () => {
  const app = siteModelApp();

  it('PUT 201 with the spec masks and its defaults; 200 replaces the periods as a whole', async () => {
    const created = await app.api.put('schedules/7', {
      ...OFFICE,
      periods: [
        ...OFFICE.periods,
        { frequency: 0x40 | 0x100 | 0x400, start_time: '22:00', end_time: '06:00' },
        {
          frequency: 2,
          exceptions: 0x100,
          days: 0x41,
          on_time: '2026-01-01 00:00:00.0',
          off_time: '2026-12-31T23:59',
        },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: 7,
      name: 'Office hours',
      description: '',
      siteId: 'hq',
      usedByAccessGroup: false,
      periods: [
        {
          id: expect.any(String),
          frequency: 2,
          exceptions: 0,
          days: WEEKDAYS,
          start_time: '08:00',
          end_time: '18:00',
          on_time: '1900-01-01 00:00:00.0',
          off_time: '1900-01-01 00:00:00.0',
          enabled: 1,
        },
        {
          id: expect.any(String),
          frequency: 0x540,
          exceptions: 0,
          days: 0,
          start_time: '22:00',
          end_time: '06:00',
          on_time: '1900-01-01 00:00:00.0',
          off_time: '1900-01-01 00:00:00.0',
          enabled: 1,
        },
        {
          id: expect.any(String),
          frequency: 2,
          exceptions: 0x100,
          days: 0x41,
          start_time: '00:00',
          end_time: '24:00',
          on_time: '2026-01-01 00:00:00.0',
          off_time: '2026-12-31 23:59:00.0',
          enabled: 1,
        },
      ],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const replaced = await app.api.put('schedules/7', { ...OFFICE, description: 'Weekdays', periods: [] });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ description: 'Weekdays', periods: [] });
    expect((await app.api.get('schedules/7')).body).toEqual(replaced.body);
    await app.api.put('schedules/7', OFFICE);
    await app.api.put('schedules/8', { name: 'Nights', siteId: 'hq', periods: [{ frequency: 2, days: 1 }] });
    const list = await app.api.get('schedules?per_page=1');
    expect(list.body.map((schedule: { id: number }) => schedule.id)).toEqual([7]);
    expect(list.body[0].periods).toHaveLength(1);
    expect(list.headers.link).toContain('rel="next"');
  });

  it('refuses masks the spec does not define, naming the period (400)', async () => {
    const cases: [object, string, RegExp][] = [
      [{ frequency: 2, days: 0 }, 'periods[0]', /at least one day/],
      [{ frequency: 2, days: 1, exceptions: 0x1 }, 'periods[0]', /exceptions/],
      [{ frequency: 0x40 }, 'periods[0]', /frequency/],
      [{ frequency: 0x40 | 0x100000 }, 'periods[0]', /frequency/],
      [{ frequency: 3, days: 1 }, 'periods[0]', /frequency/],
      [{ frequency: 2, days: 1, on_time: '2026-02-30 00:00:00' }, 'periods[0].on_time', /calendar/],
      [
        { frequency: 2, days: 1, on_time: '2026-06-01 00:00', off_time: '2026-05-01 00:00' },
        'periods[0].off_time',
        /after/,
      ],
    ];
    for (const [period, field, message] of cases) {
      const res = await app.api.put('schedules/9', { name: 'Bad', siteId: 'hq', periods: [period] });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field, message: expect.stringMatching(message) }]);
    }
    const shape = await app.api.put('schedules/9', {
      name: 'Bad',
      siteId: 'hq',
      periods: [{ frequency: 'weekly', days: 256, start_time: '25:00', end_time: '8am', on_time: 'today' }],
    });
    expect(shape.body).toMatchObject(
      fieldErrors(
        400,
        'periods.0.frequency',
        'periods.0.days',
        'periods.0.start_time',
        'periods.0.end_time',
        'periods.0.on_time',
      ),
    );
    expect((await app.api.put('schedules/9', { name: 'Bad', siteId: 'hq' })).body).toMatchObject(
      fieldErrors(400, 'periods'),
    );
    const site = await app.api.put('schedules/9', { ...OFFICE, siteId: 'nowhere' });
    expect(site.status).toBe(422);
    expect(site.body.errors).toEqual([{ field: 'siteId', message: 'no site nowhere in this tenant' }]);
    for (const id of ['0', '-1', 'abc', '2147483648', '1.5'])
      expect((await app.api.put(`schedules/${id}`, OFFICE)).status).toBe(400);
    expect((await app.api.get('schedules/9')).status).toBe(404);
    expect((await app.api.delete('schedules/9')).status).toBe(404);
  });

  it('404s another tenant’s schedule; 403 without the role', async () => {
    const other = await siteModelTenant(app.t.http, 'globex');
    expect((await other.get('schedules/7')).status).toBe(404);
    expect((await other.delete('schedules/7')).status).toBe(404);
    expect((await other.put('schedules/7', OFFICE)).status).toBe(201);
    expect((await app.api.get('schedules/7')).body.periods[0].start_time).toBe('08:00');
    const user = await tenantUser(app.t.http, 'acme', ['MOBILE_USER']);
    expect((await accessControl(app.t.http, 'acme', user.auth).get('schedules/7')).status).toBe(403);
  });

  it('deletes a schedule with its periods (204)', async () => {
    expect((await app.api.delete('schedules/8')).status).toBe(204);
    expect((await app.api.get('schedules/8')).status).toBe(404);
    expect((await app.api.put('schedules/8', { name: 'Again', siteId: 'hq', periods: [] })).status).toBe(201);
  });
});
