import { accessControl, fieldErrors, siteModelApp, siteModelTenant } from './support/access-control';
import { ADMIN_AUTH, tenantUser } from './support/test-app';

describe('site model: sites and their holidays', () => {
  const app = siteModelApp();

  it('PUT creates (201), then replaces (200); GET shows it; the zone name is canonical', async () => {
    const created = await app.api.put('sites/north', { name: 'North', timeZone: 'utc' });
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    expect(created.body).toEqual({
      id: 'north',
      name: 'North',
      timeZone: 'UTC',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const replaced = await app.api.put('sites/north', { name: 'North wing', timeZone: 'America/Vancouver' });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: 'north', name: 'North wing', timeZone: 'America/Vancouver' });
    expect(replaced.body.createdAt).toBe(created.body.createdAt);
    expect((await app.api.get('sites/north')).body).toEqual(replaced.body);
  });

  it('lists by id, paged with Link headers', async () => {
    await app.api.put('sites/south', { name: 'South', timeZone: 'Europe/Paris' });
    const first = await app.api.get('sites?per_page=2');
    expect(first.status).toBe(200);
    expect(first.body.map((site: { id: string }) => site.id)).toEqual(['hq', 'north']);
    expect(first.headers.link).toContain('rel="next"');
    const second = await app.api.get('sites?page=2&per_page=2');
    expect(second.body.map((site: { id: string }) => site.id)).toEqual(['south']);
    expect(second.headers.link).not.toContain('rel="next"');
    expect((await app.api.get('sites?per_page=501')).status).toBe(400);
  });

  it('refuses bad bodies and ids with problem+json naming the field', async () => {
    const zone = await app.api.put('sites/x', { name: 'X', timeZone: 'Mars/Olympus' });
    expect(zone.status).toBe(400);
    expect(zone.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(zone.body).toMatchObject(fieldErrors(400, 'timeZone'));
    expect((await app.api.put('sites/x', { name: '', timeZone: 'UTC' })).body).toMatchObject(
      fieldErrors(400, 'name'),
    );
    expect((await app.api.put('sites/x', { timeZone: 'UTC' })).body).toMatchObject(fieldErrors(400, 'name'));
    const unknown = await app.api.put('sites/x', { name: 'X', timeZone: 'UTC', colour: 'red' });
    expect(unknown.body).toMatchObject({
      status: 400,
      errors: [{ field: 'colour', message: 'property colour should not exist' }],
    });
    const badId = await app.api.put(`sites/${'a'.repeat(65)}`, { name: 'X', timeZone: 'UTC' });
    expect(badId.status).toBe(400);
    expect(badId.body.detail).toMatch(/id must be 1 to 64/);
    expect((await app.api.put('sites/a%20b', { name: 'X', timeZone: 'UTC' })).status).toBe(400);
    expect((await app.api.get('sites/x')).status).toBe(404);
  });

  it('404s an unknown site, 404s another tenant and hides its sites; 403 without the role', async () => {
    const missing = await app.api.get('sites/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'not_found', detail: 'site nowhere not found' });
    const other = await siteModelTenant(app.t.http, 'globex');
    expect((await other.get('sites')).body.map((site: { id: string }) => site.id)).toEqual(['hq']);
    const globexAdmin = await tenantUser(app.t.http, 'globex', ['TENANT_ADMIN']);
    const probe = accessControl(app.t.http, 'acme', globexAdmin.auth);
    expect((await probe.get('sites/north')).status).toBe(404);
    expect((await probe.put('sites/north', { name: 'Mine', timeZone: 'UTC' })).status).toBe(404);
    expect((await probe.delete('sites/north')).status).toBe(404);
    expect((await app.api.get('sites/north')).body.name).toBe('North wing');
    const user = await tenantUser(app.t.http, 'acme', ['MOBILE_USER']);
    const forbidden = await accessControl(app.t.http, 'acme', user.auth).get('sites');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('forbidden');
    const tenantAdmin = await tenantUser(app.t.http, 'acme', ['TENANT_ADMIN']);
    expect((await accessControl(app.t.http, 'acme', tenantAdmin.auth).get('sites/hq')).status).toBe(200);
    expect((await app.t.http.get('/api/v1/tenants/acme/access-control/sites')).status).toBe(401);
  });

  it('a system administrator cannot create a site in a tenant that does not exist', async () => {
    const res = await accessControl(app.t.http, 'ghost', ADMIN_AUTH).put('sites/hq', {
      name: 'H',
      timeZone: 'UTC',
    });
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe('tenant not found');
  });

  it('keeps a holiday calendar per site: PUT 201/200, GET, list by date, DELETE', async () => {
    const created = await app.api.put('sites/hq/holidays/2026-12-25', { name: 'Christmas', type: 1 });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ date: '2026-12-25', name: 'Christmas', type: 1, bit: 0x100 });
    const replaced = await app.api.put('sites/hq/holidays/2026-12-25', { name: 'Noël', type: 12 });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toEqual({ date: '2026-12-25', name: 'Noël', type: 12, bit: 0x80000 });
    await app.api.put('sites/hq/holidays/2026-01-01', { name: 'New Year', type: 2 });
    const list = await app.api.get('sites/hq/holidays');
    expect(list.body.map((holiday: { date: string }) => holiday.date)).toEqual(['2026-01-01', '2026-12-25']);
    expect((await app.api.get('sites/hq/holidays/2026-12-25')).body.name).toBe('Noël');
    expect((await app.api.delete('sites/hq/holidays/2026-12-25')).status).toBe(204);
    expect((await app.api.get('sites/hq/holidays/2026-12-25')).status).toBe(404);
    expect((await app.api.delete('sites/hq/holidays/2026-12-25')).status).toBe(404);
  });

  it('refuses a bad holiday: type out of 1..12, a date that is no calendar date, an unknown site', async () => {
    expect((await app.api.put('sites/hq/holidays/2026-05-01', { name: 'May', type: 13 })).body).toMatchObject(
      fieldErrors(400, 'type'),
    );
    expect((await app.api.put('sites/hq/holidays/2026-05-01', { name: 'May', type: 0 })).status).toBe(400);
    const date = await app.api.put('sites/hq/holidays/2026-02-30', { name: 'Nope', type: 1 });
    expect(date.status).toBe(400);
    expect(date.body.detail).toMatch(/calendar date/);
    expect((await app.api.put('sites/hq/holidays/26-1-1', { name: 'Nope', type: 1 })).status).toBe(400);
    const site = await app.api.put('sites/nowhere/holidays/2026-05-01', { name: 'May', type: 1 });
    expect(site.status).toBe(404);
    expect(site.body.detail).toBe('site nowhere not found');
    expect((await app.api.get('sites/nowhere/holidays')).status).toBe(404);
  });

  it('deletes a site with its holidays (204); 404 once gone', async () => {
    await app.api.put('sites/south/holidays/2026-07-14', { name: 'Bastille', type: 3 });
    expect((await app.api.delete('sites/south')).status).toBe(204);
    expect((await app.api.get('sites/south')).status).toBe(404);
    expect((await app.api.delete('sites/south')).status).toBe(404);
    // A new site of that id starts with an empty calendar.
    await app.api.put('sites/south', { name: 'South', timeZone: 'UTC' });
    expect((await app.api.get('sites/south/holidays')).body).toEqual([]);
  });

  it('refuses to delete a site that areas, schedules or access groups are on (409)', async () => {
    await app.api.put('schedules/1', {
      name: 'Always',
      siteId: 'north',
      periods: [{ frequency: 2, days: 127 }],
    });
    const refused = await app.api.delete('sites/north');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'conflict', detail: expect.stringMatching(/still has 1/) });
    expect((await app.api.delete('schedules/1')).status).toBe(204);
    expect((await app.api.delete('sites/north')).status).toBe(204);
  });

  it('concurrent PUTs of one new id: one creates (201), the others replace (200), one row', async () => {
    const puts = await Promise.all(
      Array.from({ length: 6 }, (_, n) => app.api.put('sites/race', { name: `Race ${n}`, timeZone: 'UTC' })),
    );
    expect(puts.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    const names = puts.map((res) => res.body.name as string);
    expect(names).toContain((await app.api.get('sites/race')).body.name);
    const listed = (await app.api.get('sites?per_page=500')).body.filter(
      (site: { id: string }) => site.id === 'race',
    );
    expect(listed).toHaveLength(1);
  });

  it('audits every change: who, which operation, on what, with what outcome', async () => {
    await app.api.put('sites/audited', { name: 'Audited', timeZone: 'UTC' });
    const events = await app.t.http
      .get('/api/v1/tenants/acme/audit-events?action=putSite&per_page=500')
      .set('authorization', ADMIN_AUTH);
    expect(events.body).toContainEqual(
      expect.objectContaining({
        action: 'putSite',
        target: 'audited',
        actor: 'user-mobile_admin@acme.test',
        outcome: 'success',
        statusCode: 201,
      }),
    );
    const refused = await app.t.http
      .get('/api/v1/tenants/acme/audit-events?action=deleteSite&per_page=500')
      .set('authorization', ADMIN_AUTH);
    expect(refused.body).toContainEqual(
      // The refused delete of the test above.
      expect.objectContaining({ action: 'deleteSite', target: 'north', outcome: 'failure', statusCode: 409 }),
    );
  });
});
