import { DataSource } from 'typeorm';
import { accessControl, siteModelApp, siteModelTenant } from './support/access-control';
import { MembershipsFixtureModule } from './support/memberships.fixture';
import { ADMIN_AUTH, tenantUser } from './support/test-app';

const ALWAYS = { periods: [{ frequency: 2, days: 127 }] };
const STAFF = { name: 'Staff', siteId: 'hq', controlledAreaIds: ['lobby', 'floor'], scheduleIds: [7] };

describe('site model: access groups, their links and memberships', () => {
  const app = siteModelApp([MembershipsFixtureModule]);
  let count: (sql: string, parameters: unknown[]) => Promise<number>;
  const memberships = (userId: string) => `/test/memberships/acme/${userId}`;

  beforeAll(async () => {
    await app.api.put('sites/annex', { name: 'Annex', timeZone: 'UTC' });
    for (const id of ['lobby', 'floor', 'dock'])
      await app.api.put(`controlled-areas/${id}`, { name: id, siteId: 'hq' });
    await app.api.put('controlled-areas/annex-door', { name: 'Annex door', siteId: 'annex' });
    await app.api.put('schedules/7', { name: 'Always', siteId: 'hq', ...ALWAYS });
    await app.api.put('schedules/8', { name: 'Annex hours', siteId: 'annex', ...ALWAYS });
    const dataSource = app.t.app.get(DataSource);
    count = async (sql, parameters) => Number((await dataSource.query(sql, parameters))[0].n);
  });

  it('PUT 201 links areas and schedules of its site; 200 replaces the links; GET, list', async () => {
    const created = await app.api.put('access-groups/3', STAFF);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: 3,
      name: 'Staff',
      description: '',
      siteId: 'hq',
      controlledAreaIds: ['floor', 'lobby'],
      scheduleIds: [7],
      memberCount: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await app.api.get('schedules/7')).body.usedByAccessGroup).toBe(true);
    const replaced = await app.api.put('access-groups/3', {
      ...STAFF,
      controlledAreaIds: ['dock'],
      description: 'All staff',
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      controlledAreaIds: ['dock'],
      scheduleIds: [7],
      description: 'All staff',
    });
    expect((await app.api.get('access-groups/3')).body).toEqual(replaced.body);
    await app.api.put('access-groups/545', {
      name: 'Management',
      siteId: 'hq',
      controlledAreaIds: [],
      scheduleIds: [],
    });
    const list = await app.api.get('access-groups');
    expect(
      list.body.map((group: { id: number; controlledAreaIds: string[] }) => [
        group.id,
        group.controlledAreaIds,
      ]),
    ).toEqual([
      [3, ['dock']],
      [545, []],
    ]);
  });

  it('422 names each id that is not on the group’s site or not in the tenant', async () => {
    const other = await siteModelTenant(app.t.http, 'globex');
    await other.put('controlled-areas/theirs', { name: 'Theirs', siteId: 'hq' });
    const res = await app.api.put('access-groups/4', {
      name: 'Mixed',
      siteId: 'hq',
      controlledAreaIds: ['lobby', 'annex-door', 'theirs', 'ghost'],
      scheduleIds: [8, 7, 99],
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'validation_failed', status: 422 });
    expect(res.body.errors).toEqual([
      { field: 'controlledAreaIds[1]', message: 'no controlled area annex-door on site hq' },
      { field: 'controlledAreaIds[2]', message: 'no controlled area theirs on site hq' },
      { field: 'controlledAreaIds[3]', message: 'no controlled area ghost on site hq' },
    ]);
    const schedules = await app.api.put('access-groups/4', {
      name: 'S',
      siteId: 'hq',
      controlledAreaIds: [],
      scheduleIds: [8, 7, 99],
    });
    expect(schedules.body.errors).toEqual([
      { field: 'scheduleIds[0]', message: 'no schedule 8 on site hq' },
      { field: 'scheduleIds[2]', message: 'no schedule 99 on site hq' },
    ]);
    const site = await app.api.put('access-groups/4', { ...STAFF, siteId: 'nowhere' });
    expect(site.body.errors).toEqual([{ field: 'siteId', message: 'no site nowhere in this tenant' }]);
    // Nothing half written: no group, and the areas it named hold no reference.
    expect((await app.api.get('access-groups/4')).status).toBe(404);
    expect(
      await count('SELECT reference_count AS n FROM mobile_controlled_areas WHERE tenant_id = ? AND id = ?', [
        'acme',
        'lobby',
      ]),
    ).toBe(0);
  });

  it('400 on duplicate ids, bad id shapes and unknown properties; 404 another tenant; 403 wrong role', async () => {
    const duplicate = await app.api.put('access-groups/4', {
      ...STAFF,
      controlledAreaIds: ['lobby', 'lobby'],
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errors.map((error: { field: string }) => error.field)).toEqual([
      'controlledAreaIds',
    ]);
    const shapes = await app.api.put('access-groups/4', {
      ...STAFF,
      controlledAreaIds: ['a b'],
      scheduleIds: [0, 'x'],
      site_id: 'hq',
    });
    expect(shapes.status).toBe(400);
    expect(new Set(shapes.body.errors.map((error: { field: string }) => error.field))).toEqual(
      new Set(['controlledAreaIds', 'scheduleIds', 'site_id']),
    );
    const globexAdmin = await tenantUser(app.t.http, 'globex', ['MOBILE_ADMIN'], 'second@globex.test');
    const probe = accessControl(app.t.http, 'acme', globexAdmin.auth);
    expect((await probe.get('access-groups/3')).status).toBe(404);
    expect((await probe.delete('access-groups/3')).status).toBe(404);
    expect((await accessControl(app.t.http, 'globex', globexAdmin.auth).get('access-groups/3')).status).toBe(
      404,
    );
    const user = await tenantUser(app.t.http, 'acme', ['MOBILE_USER']);
    expect((await accessControl(app.t.http, 'acme', user.auth).put('access-groups/3', STAFF)).status).toBe(
      403,
    );
  });

  it('an area or schedule a group lists cannot be deleted or moved to another site (409)', async () => {
    const area = await app.api.delete('controlled-areas/dock');
    expect(area.status).toBe(409);
    expect(area.body.detail).toBe(
      'controlled area dock is in use (access groups: 3): remove it from them first',
    );
    const schedule = await app.api.delete('schedules/7');
    expect(schedule.status).toBe(409);
    expect(schedule.body.detail).toBe('schedule 7 is in use (access groups: 3): remove it from them first');
    const moveArea = await app.api.put('controlled-areas/dock', { name: 'dock', siteId: 'annex' });
    expect(moveArea.status).toBe(409);
    expect(moveArea.body.detail).toMatch(/controlled area dock is used on site hq/);
    expect((await app.api.get('controlled-areas/dock')).body.siteId).toBe('hq');
    const moveSchedule = await app.api.put('schedules/7', { name: 'Always', siteId: 'annex', ...ALWAYS });
    expect(moveSchedule.status).toBe(409);
    expect((await app.api.delete('sites/hq')).status).toBe(409);
  });

  it('memberships: replace names unknown groups (422) and writes nothing; groups count their members', async () => {
    const admin = (req: ReturnType<typeof app.t.http.put>) => req.set('authorization', ADMIN_AUTH);
    const bad = await admin(app.t.http.put(memberships('user-1'))).send({ accessGroupIds: [3, 404] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([
      { field: 'accessGroupIds[1]', message: 'no access group 404 in this tenant' },
    ]);
    expect((await admin(app.t.http.get(memberships('user-1')))).body).toEqual([]);
    const joined = await admin(app.t.http.put(memberships('user-1'))).send({ accessGroupIds: [545, 3] });
    expect(joined.body).toEqual([3, 545]);
    await admin(app.t.http.put(memberships('user-2'))).send({ accessGroupIds: [3] });
    expect((await app.api.get('access-groups/3')).body.memberCount).toBe(2);
    expect((await admin(app.t.http.put(memberships('user-1'))).send({ accessGroupIds: [545] })).body).toEqual(
      [545],
    );
    expect((await app.api.get('access-groups/3')).body.memberCount).toBe(1);
    // Replacing the group keeps its members.
    await app.api.put('access-groups/3', STAFF);
    expect((await admin(app.t.http.get(memberships('user-2')))).body).toEqual([3]);
    expect((await admin(app.t.http.delete(memberships('user-2')))).status).toBe(200);
    expect((await app.api.get('access-groups/3')).body.memberCount).toBe(0);
  });

  it('DELETE a group drops its links and memberships; then its areas and schedules can go', async () => {
    await app.t.http
      .put(memberships('user-3'))
      .set('authorization', ADMIN_AUTH)
      .send({ accessGroupIds: [3] });
    expect((await app.api.delete('access-groups/3')).status).toBe(204);
    expect((await app.api.get('access-groups/3')).status).toBe(404);
    expect((await app.api.delete('access-groups/3')).status).toBe(404);
    expect((await app.t.http.get(memberships('user-3')).set('authorization', ADMIN_AUTH)).body).toEqual([]);
    expect(
      await count(
        'SELECT COUNT(*) AS n FROM mobile_access_group_areas WHERE tenant_id = ? AND access_group_id = ?',
        ['acme', 3],
      ),
    ).toBe(0);
    expect((await app.api.delete('controlled-areas/lobby')).status).toBe(204);
    expect((await app.api.delete('schedules/7')).status).toBe(204);
  });

  it('concurrent group writes and deletes of what they name never leave a dangling link', async () => {
    for (let round = 0; round < 8; round += 1) {
      const id = `race-${round}`;
      await app.api.put(`controlled-areas/${id}`, { name: id, siteId: 'hq' });
      const [link, remove] = await Promise.all([
        app.api.put(`access-groups/${100 + round}`, {
          name: 'Race',
          siteId: 'hq',
          controlledAreaIds: [id],
          scheduleIds: [],
        }),
        app.api.delete(`controlled-areas/${id}`),
      ]);
      // Exactly one wins: the link (then the delete is refused) or the delete (then the link finds no area).
      expect([link.status, remove.status].sort()).toEqual(link.status === 201 ? [201, 409] : [204, 422]);
    }
    const dangling = await count(
      `SELECT COUNT(*) AS n FROM mobile_access_group_areas l
       LEFT JOIN mobile_controlled_areas a ON a.tenant_id = l.tenant_id AND a.id = l.controlled_area_id
       WHERE a.id IS NULL`,
      [],
    );
    expect(dangling).toBe(0);
    const miscounted = await count(
      `SELECT COUNT(*) AS n FROM mobile_controlled_areas a
       WHERE a.reference_count <> (SELECT COUNT(*) FROM mobile_access_group_areas l
                                   WHERE l.tenant_id = a.tenant_id AND l.controlled_area_id = a.id)`,
      [],
    );
    expect(miscounted).toBe(0);
  });
});
