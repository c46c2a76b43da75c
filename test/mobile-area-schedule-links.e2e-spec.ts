import { DataSource } from 'typeorm';
import { accessControl, siteModelApp } from './support/access-control';
import { tenantUser } from './support/test-app';

const ALWAYS = { periods: [{ frequency: 2, days: 127 }] };
const LINKS = '/api/controlled_area_schedules/schedule';
const zone = (controlled_area_id: string) => ({ controlled_area_id, on_action: 1, off_action: 2 });

/** Controlled-area schedule links hold their schedule and area as access groups do (site-model counters). */
describe('Primis controlled-area schedules: what they point at stays', () => {
  const app = siteModelApp();
  let admin: string;
  let count: (sql: string, parameters?: unknown[]) => Promise<number>;
  const link = (id: number, areas: string[], auth = admin) =>
    app.t.http
      .post(LINKS)
      .set('authorization', auth)
      .send({ id, zones: areas.map(zone) });
  const unlink = (scheduleId: number, areaId: string) =>
    app.api.delete(`schedules/${scheduleId}/controlled-areas/${areaId}`);
  const referenceCount = async (table: string, id: string | number) =>
    count(`SELECT reference_count AS n FROM ${table} WHERE tenant_id = 'acme' AND id = ?`, [id]);

  beforeAll(async () => {
    admin = (await tenantUser(app.t.http, 'acme', ['MOBILE_ADMIN'], 'links@acme.test')).auth;
    await app.api.put('sites/annex', { name: 'Annex', timeZone: 'UTC' });
    for (const id of ['gate', 'door', 'dock'])
      await app.api.put(`controlled-areas/${id}`, { name: id, siteId: 'hq' });
    await app.api.put('controlled-areas/annex-door', { name: 'Annex door', siteId: 'annex' });
    await app.api.put('schedules/5', { name: 'Always', siteId: 'hq', ...ALWAYS });
    const dataSource = app.t.app.get(DataSource);
    count = async (sql, parameters = []) => Number((await dataSource.query(sql, parameters))[0].n);
  });

  it('a linked schedule or area cannot be deleted or moved (409 naming the link) until the link is removed', async () => {
    expect((await link(5, ['gate', 'door'])).status).toBe(201);
    expect((await link(5, ['gate'])).status).toBe(201); // the pair again: its actions, not a second pointer
    expect(await referenceCount('mobile_schedules', 5)).toBe(2);
    expect(await referenceCount('mobile_controlled_areas', 'gate')).toBe(1);

    const schedule = await app.api.delete('schedules/5');
    expect(schedule.status).toBe(409);
    expect(schedule.body.detail).toBe(
      'schedule 5 is in use (controlled areas it drives: door, gate): remove it from them first',
    );
    const area = await app.api.delete('controlled-areas/gate');
    expect(area.status).toBe(409);
    expect(area.body.detail).toBe(
      'controlled area gate is in use (controlled-area schedules: 5): remove it from them first',
    );
    const move = await app.api.put('controlled-areas/gate', { name: 'gate', siteId: 'annex' });
    expect(move.status).toBe(409);
    expect(move.body.detail).toMatch(/controlled area gate is used on site hq/);
    expect((await app.api.put('schedules/5', { name: 'Always', siteId: 'annex', ...ALWAYS })).status).toBe(
      409,
    );
    // A link is no access group: the spec's usedByAccessGroup stays false.
    expect((await app.api.get('schedules/5')).body.usedByAccessGroup).toBe(false);

    expect((await unlink(5, 'gate')).status).toBe(204);
    expect((await unlink(5, 'gate')).status).toBe(404);
    expect((await app.api.delete('controlled-areas/gate')).status).toBe(204);
    expect((await app.api.delete('schedules/5')).status).toBe(409); // it still drives door
    expect((await unlink(5, 'door')).status).toBe(204);
    expect((await app.api.delete('schedules/5')).status).toBe(204);
    expect((await app.api.delete('controlled-areas/door')).status).toBe(204);
    expect(await count('SELECT COUNT(*) AS n FROM mobile_controlled_area_schedules')).toBe(0);
  });

  it("links only areas of the schedule's site (400), and writes nothing when one item is refused", async () => {
    await app.api.put('schedules/6', { name: 'Always', siteId: 'hq', ...ALWAYS });
    const refused = await link(6, ['dock', 'annex-door']);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      status: 400,
      message: 'Controlled area annex-door is not on site hq of schedule 6',
    });
    expect((await link(6, ['dock', 'nowhere'])).body).toEqual({
      status: 404,
      message: 'Controlled area nowhere not found',
    });
    expect(await referenceCount('mobile_controlled_areas', 'dock')).toBe(0);
    expect(await referenceCount('mobile_schedules', 6)).toBe(0);
    expect((await app.api.delete('controlled-areas/dock')).status).toBe(204);
  });

  it('removing a link: admins of the tenant only; ids checked; another tenant sees nothing', async () => {
    await app.api.put('controlled-areas/lift', { name: 'lift', siteId: 'hq' });
    expect((await link(6, ['lift'])).status).toBe(201);
    const user = await tenantUser(app.t.http, 'acme', ['MOBILE_USER'], 'user@acme.test');
    expect(
      (await accessControl(app.t.http, 'acme', user.auth).delete('schedules/6/controlled-areas/lift')).status,
    ).toBe(403);
    const globex = await tenantUser(app.t.http, 'globex', ['MOBILE_ADMIN'], 'admin@globex.test');
    expect(
      (await accessControl(app.t.http, 'acme', globex.auth).delete('schedules/6/controlled-areas/lift'))
        .status,
    ).toBe(404);
    expect(
      (await accessControl(app.t.http, 'globex', globex.auth).delete('schedules/6/controlled-areas/lift'))
        .status,
    ).toBe(404);
    expect((await app.api.delete('schedules/x/controlled-areas/lift')).status).toBe(400);
    expect((await app.api.delete('schedules/6/controlled-areas/a%20b')).status).toBe(400);
    expect(await referenceCount('mobile_controlled_areas', 'lift')).toBe(1);
  });

  it('concurrent links and deletes of what they name never leave a dangling link or a wrong count', async () => {
    for (let round = 0; round < 8; round += 1) {
      const areaId = `race-${round}`;
      const scheduleId = 100 + round;
      await app.api.put(`controlled-areas/${areaId}`, { name: areaId, siteId: 'hq' });
      await app.api.put(`schedules/${scheduleId}`, { name: 'Race', siteId: 'hq', ...ALWAYS });
      // Round by round the delete races the link on the area, then on the schedule.
      const target = round % 2 === 0 ? `controlled-areas/${areaId}` : `schedules/${scheduleId}`;
      const [linked, removed] = await Promise.all([link(scheduleId, [areaId]), app.api.delete(target)]);
      // Exactly one wins: the link (the delete is refused) or the delete (the link finds nothing).
      expect([linked.status, removed.status].sort()).toEqual(linked.status === 201 ? [201, 409] : [204, 404]);
    }
    const dangling = await count(
      `SELECT COUNT(*) AS n FROM mobile_controlled_area_schedules l
       LEFT JOIN mobile_controlled_areas a ON a.tenant_id = l.tenant_id AND a.id = l.controlled_area_id
       LEFT JOIN mobile_schedules s ON s.tenant_id = l.tenant_id AND s.id = l.schedule_id
       WHERE a.id IS NULL OR s.id IS NULL`,
    );
    expect(dangling).toBe(0);
    const miscounted = await count(
      `SELECT COUNT(*) AS n FROM mobile_controlled_areas a
       WHERE a.reference_count <>
         (SELECT COUNT(*) FROM mobile_access_group_areas g WHERE g.tenant_id = a.tenant_id AND g.controlled_area_id = a.id)
         + (SELECT COUNT(*) FROM mobile_controlled_area_schedules l WHERE l.tenant_id = a.tenant_id AND l.controlled_area_id = a.id)`,
    );
    expect(miscounted).toBe(0);
  });
});
