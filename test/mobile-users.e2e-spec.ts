import { DataSource } from 'typeorm';
import { type AccessControl, accessControl, siteModelTenant } from './support/access-control';
import { bearer, loginPhone, mobileLogin, phoneCount } from './support/mobile.fixture';
import { basic, startTestApp, type TestApp, tenantUser } from './support/test-app';

const GROUP = { name: 'Staff', siteId: 'hq', controlledAreaIds: [], scheduleIds: [] };
const PASSWORD = 'Mobile-password-1';
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

describe('mobile users and their phones (management API)', () => {
  let t: TestApp;
  let api: AccessControl;
  const tokenLogin = (jwt: string, phoneId: string) =>
    t.http.post('/api/mobile/access_token/login').set('authorization', bearer(jwt)).send({ phoneId });

  beforeAll(async () => {
    t = await startTestApp();
    api = await siteModelTenant(t.http, 'mu');
    for (const id of [1, 2, 3]) await api.put(`access-groups/${id}`, GROUP);
    await siteModelTenant(t.http, 'mu-other');
    await accessControl(
      t.http,
      'mu-other',
      (await tenantUser(t.http, 'mu-other', ['TENANT_ADMIN'])).auth,
    ).put('access-groups/9', GROUP);
  }, 60_000);
  afterAll(() => t.close());

  it('PUT creates (201) a platform user that logs in on the mobile API, then replaces (200)', async () => {
    const created = await api.put('mobile-users/Ann@MU.test', {
      password: PASSWORD,
      isAdmin: true,
      zoneAccess: 2,
      accessGroupIds: [2, 1],
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      email: 'ann@mu.test',
      isAdmin: true,
      zoneAccess: 2,
      accessGroupIds: [1, 2],
      phoneCount: 0,
    });
    const login = await mobileLogin(t.http, basic('ann@mu.test', PASSWORD), 'ANN-1');
    expect(login.body).toMatchObject({ isAdmin: true, zoneAccess: 2, email: 'ann@mu.test' });
    const replaced = await api.put('mobile-users/ann@mu.test', {
      isAdmin: false,
      zoneAccess: 0,
      accessGroupIds: [3],
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toEqual({
      ...created.body,
      isAdmin: false,
      zoneAccess: 0,
      accessGroupIds: [3],
      phoneCount: 1,
    });
    expect((await api.get('mobile-users/ann@mu.test')).body).toEqual(replaced.body);
    // The password stayed; the new roles show in the next login.
    expect((await mobileLogin(t.http, basic('ann@mu.test', PASSWORD), 'ANN-1')).body).toMatchObject({
      isAdmin: false,
    });
    const users = await t.http
      .get('/api/v1/tenants/mu/users')
      .set('authorization', (await tenantUser(t.http, 'mu', ['TENANT_ADMIN'])).auth);
    expect(users.body.find((user: { email: string }) => user.email === 'ann@mu.test').roles).toEqual([
      'MOBILE_USER',
    ]);
  });

  it("a new password ends the phones' sessions; the old password stops", async () => {
    await api.put('mobile-users/ben@mu.test', {
      password: PASSWORD,
      isAdmin: false,
      zoneAccess: 1,
      accessGroupIds: [],
    });
    const session = await loginPhone(t.http, basic('ben@mu.test', PASSWORD), 'BEN-1');
    await api.put('mobile-users/ben@mu.test', {
      password: 'Another-password-2',
      isAdmin: false,
      zoneAccess: 1,
      accessGroupIds: [],
    });
    expect((await tokenLogin(session.jwt, 'BEN-1')).status).toBe(401);
    expect((await mobileLogin(t.http, basic('ben@mu.test', PASSWORD), 'BEN-1')).status).toBe(401);
    expect((await mobileLogin(t.http, basic('ben@mu.test', 'Another-password-2'), 'BEN-1')).status).toBe(201);
  });

  it('refuses bad bodies (400), a missing password on create (400), unknown or foreign groups (422): nothing written', async () => {
    for (const body of [
      { isAdmin: 'yes', zoneAccess: 0, accessGroupIds: [] },
      { isAdmin: false, zoneAccess: 3, accessGroupIds: [] },
      { isAdmin: false, zoneAccess: 0, accessGroupIds: [1, 1] },
      { isAdmin: false, zoneAccess: 0, accessGroupIds: ['1'] },
      { isAdmin: false, zoneAccess: 0, accessGroupIds: [], password: 'short' },
      { isAdmin: false, zoneAccess: 0, accessGroupIds: [], password: PASSWORD, roles: ['TENANT_ADMIN'] },
      { isAdmin: false, zoneAccess: 0 },
    ]) {
      const response = await api.put('mobile-users/cid@mu.test', body);
      expect([response.status, response.body.code]).toEqual([400, 'validation_failed']);
    }
    const noPassword = await api.put('mobile-users/cid@mu.test', {
      isAdmin: false,
      zoneAccess: 0,
      accessGroupIds: [],
    });
    expect(noPassword.status).toBe(400);
    expect(noPassword.body.detail).toBe('password is required to create a mobile user');
    for (const email of ['not-an-email', 'device_1@mu.test'])
      expect(
        (
          await api.put(`mobile-users/${email}`, {
            password: PASSWORD,
            isAdmin: false,
            zoneAccess: 0,
            accessGroupIds: [],
          })
        ).status,
      ).toBe(400);
    const unknown = await api.put('mobile-users/cid@mu.test', {
      password: PASSWORD,
      isAdmin: false,
      zoneAccess: 0,
      accessGroupIds: [1, 9, 77],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((error: { field: string }) => error.field)).toEqual([
      'accessGroupIds[1]',
      'accessGroupIds[2]',
    ]);
    expect((await api.get('mobile-users/cid@mu.test')).status).toBe(404);
    expect((await mobileLogin(t.http, basic('cid@mu.test', PASSWORD), 'CID-1')).status).toBe(401);
  });

  it('lists by email, paged with Link headers', async () => {
    for (const name of ['dan', 'eve'])
      await api.put(`mobile-users/${name}@mu.test`, {
        password: PASSWORD,
        isAdmin: false,
        zoneAccess: 0,
        accessGroupIds: [1],
      });
    const first = await api.get('mobile-users?per_page=2');
    expect(first.status).toBe(200);
    expect(first.body.map((user: { email: string }) => user.email)).toEqual(['ann@mu.test', 'ben@mu.test']);
    expect(first.headers.link).toContain('rel="next"');
    const second = await api.get('mobile-users?page=2&per_page=2');
    expect(second.body).toEqual([
      {
        id: expect.any(String),
        email: 'dan@mu.test',
        isAdmin: false,
        zoneAccess: 0,
        accessGroupIds: [1],
        phoneCount: 0,
      },
      {
        id: expect.any(String),
        email: 'eve@mu.test',
        isAdmin: false,
        zoneAccess: 0,
        accessGroupIds: [1],
        phoneCount: 0,
      },
    ]);
  });

  it("lists a user's phones and revokes one: its tokens stop, its place is free", async () => {
    await api.put('mobile-users/fay@mu.test', {
      password: PASSWORD,
      isAdmin: false,
      zoneAccess: 0,
      accessGroupIds: [],
    });
    const [one] = [
      await loginPhone(t.http, basic('fay@mu.test', PASSWORD), 'FAY-1'),
      await loginPhone(t.http, basic('fay@mu.test', PASSWORD), 'FAY-2'),
    ];
    const phones = await api.get('mobile-users/fay@mu.test/phones');
    expect(phones.status).toBe(200);
    expect(phones.body).toEqual([
      { phoneId: 'FAY-1', registeredAt: expect.any(String), lastLoginAt: expect.any(String), signedIn: true },
      { phoneId: 'FAY-2', registeredAt: expect.any(String), lastLoginAt: expect.any(String), signedIn: true },
    ]);
    const count = await phoneCount(t.http, 'mu');
    expect((await api.delete('mobile-users/fay@mu.test/phones/FAY-1')).status).toBe(204);
    expect((await tokenLogin(one.jwt, 'FAY-1')).status).toBe(401);
    expect(await phoneCount(t.http, 'mu')).toBe(count - 1);
    expect((await api.get('mobile-users/fay@mu.test')).body.phoneCount).toBe(1);
    expect((await api.delete('mobile-users/fay@mu.test/phones/FAY-1')).status).toBe(404);
    expect((await api.delete('mobile-users/ann@mu.test/phones/FAY-2')).status).toBe(404); // another user's phone
  });

  it('DELETE removes the user, its phones (places freed) and memberships; 404 after', async () => {
    await api.put('mobile-users/gus@mu.test', {
      password: PASSWORD,
      isAdmin: false,
      zoneAccess: 0,
      accessGroupIds: [1, 2],
    });
    const session = await loginPhone(t.http, basic('gus@mu.test', PASSWORD), 'GUS-1');
    const count = await phoneCount(t.http, 'mu');
    expect((await api.delete('mobile-users/gus@mu.test')).status).toBe(204);
    expect(await phoneCount(t.http, 'mu')).toBe(count - 1);
    expect((await tokenLogin(session.jwt, 'GUS-1')).status).toBe(401);
    expect((await mobileLogin(t.http, basic('gus@mu.test', PASSWORD), 'GUS-1')).status).toBe(401);
    expect((await api.get('mobile-users/gus@mu.test')).status).toBe(404);
    expect((await api.delete('mobile-users/gus@mu.test')).status).toBe(404);
    const rows = await t.app
      .get(DataSource)
      .query("SELECT COUNT(*) AS n FROM mobile_user_access_groups WHERE tenant_id = 'mu' AND user_id = ?", [
        claimsOf(session.jwt).sub,
      ]);
    expect(Number(rows[0].n)).toBe(0);
    expect((await api.get('access-groups/1')).status).toBe(200);
  });

  it("deleting the platform user through the platform's API frees its phones' places and memberships too", async () => {
    const created = await api.put('mobile-users/ivy@mu.test', {
      password: PASSWORD,
      isAdmin: false,
      zoneAccess: 0,
      accessGroupIds: [3],
    });
    await loginPhone(t.http, basic('ivy@mu.test', PASSWORD), 'IVY-1');
    const count = await phoneCount(t.http, 'mu');
    const admin = await tenantUser(t.http, 'mu', ['TENANT_ADMIN'], 'platform-admin@mu.test');
    const deleted = await t.http
      .delete(`/api/v1/tenants/mu/users/${created.body.id}`)
      .set('authorization', admin.auth);
    expect(deleted.status).toBe(204);
    expect(await phoneCount(t.http, 'mu')).toBe(count - 1);
    const dataSource = t.app.get(DataSource);
    // Losing its mobile roles through the platform's API does the same.
    await api.put('mobile-users/joe@mu.test', {
      password: PASSWORD,
      isAdmin: false,
      zoneAccess: 0,
      accessGroupIds: [3],
    });
    const joe = await loginPhone(t.http, basic('joe@mu.test', PASSWORD), 'JOE-1');
    const joeId = claimsOf(joe.jwt).sub as string;
    const demoted = await t.http
      .patch(`/api/v1/tenants/mu/users/${joeId}`)
      .set('authorization', admin.auth)
      .send({ roles: ['ACCESS_DEVICE_READ'] });
    expect(demoted.status).toBe(200);
    expect(await phoneCount(t.http, 'mu')).toBe(count - 1);
    expect((await tokenLogin(joe.jwt, 'JOE-1')).status).toBe(401);
    for (const table of ['mobile_phones', 'mobile_user_profiles', 'mobile_user_access_groups']) {
      const rows = await dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE user_id = ?`, [joeId]);
      expect([table, Number(rows[0].n)]).toEqual([table, 0]);
    }
    for (const table of ['mobile_phones', 'mobile_user_profiles', 'mobile_user_access_groups']) {
      const rows = await dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE user_id = ?`, [
        created.body.id,
      ]);
      expect([table, Number(rows[0].n)]).toEqual([table, 0]);
    }
  });

  it('a mobile admin may not take over a user with platform roles; a tenant admin may, and keeps its roles', async () => {
    const admin = await tenantUser(t.http, 'mu', ['TENANT_ADMIN', 'ACCESS_DEVICE_ADMIN'], 'boss@mu.test');
    const body = { password: 'Taken-over-password-1', isAdmin: true, zoneAccess: 2, accessGroupIds: [] };
    const refused = await api.put('mobile-users/boss@mu.test', body);
    expect(refused.status).toBe(403);
    expect((await api.delete('mobile-users/boss@mu.test')).status).toBe(404); // not a mobile user yet
    const tenantAdmin = accessControl(t.http, 'mu', admin.auth);
    expect(
      (await tenantAdmin.put('mobile-users/boss@mu.test', { ...body, password: undefined })).status,
    ).toBe(200);
    expect((await api.delete('mobile-users/boss@mu.test')).status).toBe(403);
    // Nor sign it out: its phone is a tenant admin's to revoke.
    const boss = await loginPhone(t.http, admin.auth, 'BOSS-1');
    const signOut = await api.delete('mobile-users/boss@mu.test/phones/BOSS-1');
    expect(signOut.status).toBe(403);
    expect(signOut.body).toMatchObject({ status: 403, code: 'forbidden' });
    expect((await tokenLogin(boss.jwt, 'BOSS-1')).status).toBe(201);
    expect((await tenantAdmin.delete('mobile-users/boss@mu.test/phones/BOSS-1')).status).toBe(204);
    expect((await tokenLogin(boss.jwt, 'BOSS-1')).status).toBe(401);
    expect((await tenantAdmin.delete('mobile-users/hal@mu.test')).status).toBe(404);
    // Its platform roles stay when it leaves the mobile API; the admin's own password still works.
    const other = await tenantUser(t.http, 'mu', ['TENANT_ADMIN'], 'other-admin@mu.test');
    expect((await accessControl(t.http, 'mu', other.auth).delete('mobile-users/boss@mu.test')).status).toBe(
      204,
    );
    const after = await t.http.get(`/api/v1/tenants/mu/users/${admin.id}`).set('authorization', other.auth);
    expect(after.body.roles).toEqual(['TENANT_ADMIN', 'ACCESS_DEVICE_ADMIN']);
  });

  it("another tenant's users and phones are 404; a mobile user or another role is 403", async () => {
    const foreign = accessControl(
      t.http,
      'mu-other',
      (await tenantUser(t.http, 'mu-other', ['MOBILE_ADMIN'], 'x@mu-other.test')).auth,
    );
    expect((await foreign.get('mobile-users/ann@mu.test')).status).toBe(404);
    expect((await foreign.get('mobile-users/ann@mu.test/phones')).status).toBe(404);
    expect((await foreign.delete('mobile-users/ann@mu.test/phones/ANN-1')).status).toBe(404);
    expect((await foreign.get('mobile-users')).body).toEqual([]);
    const probe = accessControl(
      t.http,
      'mu',
      (await tenantUser(t.http, 'mu-other', ['MOBILE_ADMIN'], 'y@mu-other.test')).auth,
    );
    const hidden = await probe.get('mobile-users/ann@mu.test');
    expect([hidden.status, hidden.body.code]).toEqual([404, 'not_found']);
    for (const roles of [['MOBILE_USER'], ['ACCESS_DEVICE_ADMIN']]) {
      const caller = accessControl(t.http, 'mu', (await tenantUser(t.http, 'mu', roles)).auth);
      expect((await caller.get('mobile-users')).status).toBe(403);
      expect(
        (
          await caller.put('mobile-users/zed@mu.test', {
            password: PASSWORD,
            isAdmin: true,
            zoneAccess: 2,
            accessGroupIds: [],
          })
        ).status,
      ).toBe(403);
    }
  });
});
