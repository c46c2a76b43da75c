import { ADMIN_AUTH, startTestApp, type TestApp, tenantUser } from './support/test-app';

describe('tenancy: tenants and users', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const asAdmin = <T extends { set(name: string, value: string): T }>(req: T) =>
    req.set('authorization', ADMIN_AUTH);

  it('creates a tenant with a default active device limit, and refuses a duplicate with 409', async () => {
    const created = await asAdmin(t.http.post('/api/v1/tenants')).send({ id: 'genetec', name: 'Genetec' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: 'genetec',
      name: 'Genetec',
      activeDeviceLimit: 100,
      activeDeviceCount: 0,
      acceptedDeviceLimit: null,
      acceptedDeviceCount: 0,
      mobilePhonesPerUser: null,
      mobilePhonesTotal: null,
      mobilePhoneCount: 0,
      createdAt: expect.any(String),
    });
    const duplicate = await asAdmin(t.http.post('/api/v1/tenants')).send({ id: 'genetec', name: 'Again' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: 'conflict', detail: 'tenant "genetec" already exists' });
    const fetched = await asAdmin(t.http.get('/api/v1/tenants/genetec'));
    expect(fetched.body.name).toBe('Genetec');
  });

  it('names every invalid field', async () => {
    const res = await asAdmin(t.http.post('/api/v1/tenants')).send({
      id: 'Not A Slug',
      name: 42,
      activeDeviceLimit: -1,
      extra: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    const fields = new Set(res.body.errors.map((error: { field: string }) => error.field));
    expect([...fields].sort()).toEqual(['activeDeviceLimit', 'extra', 'id', 'name']);
    expect(res.body.errors).toContainEqual({ field: 'name', message: 'name must be a string' });
  });

  it('stays strict on its own API: a valid body with one unknown property is a 400 naming it', async () => {
    const unknown = [{ field: 'colour', message: 'property colour should not exist' }];
    const tenant = await asAdmin(t.http.post('/api/v1/tenants')).send({
      id: 'strict',
      name: 'S',
      colour: 'red',
    });
    expect(tenant.status).toBe(400);
    expect(tenant.body).toMatchObject({ code: 'validation_failed', errors: unknown });
    expect((await asAdmin(t.http.get('/api/v1/tenants/strict'))).status).toBe(404);
    const patched = await asAdmin(t.http.patch('/api/v1/tenants/genetec')).send({ name: 'G', colour: 'red' });
    expect(patched.body).toMatchObject({ status: 400, errors: unknown });
    expect((await asAdmin(t.http.get('/api/v1/tenants/genetec'))).body.name).toBe('Genetec');
    const user = await asAdmin(t.http.post('/api/v1/tenants/genetec/users')).send({
      email: 'strict@genetec.test',
      password: 'long-enough-password',
      roles: [],
      colour: 'red',
    });
    expect(user.body).toMatchObject({ status: 400, errors: unknown });
  });

  it('updates name and limit, and 404s an unknown tenant', async () => {
    const patched = await asAdmin(t.http.patch('/api/v1/tenants/genetec')).send({ activeDeviceLimit: 5 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: 'genetec', name: 'Genetec', activeDeviceLimit: 5 });
    expect((await asAdmin(t.http.get('/api/v1/tenants/genetec'))).body.activeDeviceLimit).toBe(5);
    // The counts are the service's to keep.
    const counted = await asAdmin(t.http.patch('/api/v1/tenants/genetec')).send({ activeDeviceCount: 0 });
    expect(counted.status).toBe(400);
    expect(counted.body.errors).toEqual([{ field: 'activeDeviceCount', message: expect.any(String) }]);
    const unknown = await asAdmin(t.http.patch('/api/v1/tenants/nope')).send({ name: 'x' });
    expect(unknown.status).toBe(404);
  });

  it('pages the tenant list with Link headers', async () => {
    for (const id of ['page-a', 'page-b', 'page-c'])
      await asAdmin(t.http.post('/api/v1/tenants')).send({ id, name: id });
    const first = await asAdmin(t.http.get('/api/v1/tenants?per_page=2'));
    expect(first.body).toHaveLength(2);
    expect(first.headers.link).toBe(
      '</api/v1/tenants?per_page=2&page=1>; rel="first", </api/v1/tenants?per_page=2&page=2>; rel="next"',
    );
    const bad = await asAdmin(t.http.get('/api/v1/tenants?per_page=501'));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('per_page');
  });

  it('lets a tenant admin see only its own tenant; others are 404, and tenant-level routes are 403 for other roles', async () => {
    const admin = await tenantUser(t.http, 'acme', ['TENANT_ADMIN']);
    expect((await t.http.get('/api/v1/tenants/acme').set('authorization', admin.auth)).status).toBe(200);
    const foreign = await t.http.get('/api/v1/tenants/genetec').set('authorization', admin.auth);
    expect(foreign.status).toBe(404);
    expect(foreign.body.detail).toBe('tenant not found');
    expect((await t.http.get('/api/v1/tenants').set('authorization', admin.auth)).status).toBe(403);
    expect(
      (await t.http.post('/api/v1/tenants').set('authorization', admin.auth).send({ id: 'x', name: 'x' }))
        .status,
    ).toBe(403);
    const reader = await tenantUser(t.http, 'acme', ['ADMISSION_READ']);
    const forbidden = await t.http.get('/api/v1/tenants/acme/users').set('authorization', reader.auth);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.detail).toContain('TENANT_ADMIN');
  });

  describe('users', () => {
    let admin: Awaited<ReturnType<typeof tenantUser>>;
    beforeAll(async () => {
      admin = await tenantUser(t.http, 'users-co', ['TENANT_ADMIN']);
    });
    const users = (path = '') => `/api/v1/tenants/users-co/users${path}`;

    it('creates a user without ever returning the password, and refuses a duplicate email (any case)', async () => {
      const created = await t.http
        .post(users())
        .set('authorization', admin.auth)
        .send({ email: 'Op@Users.co', password: 'operator-pass-1', roles: ['MANAGE_DEVICES'] });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        tenantId: 'users-co',
        email: 'op@users.co',
        roles: ['MANAGE_DEVICES'],
        createdAt: expect.any(String),
      });
      expect(JSON.stringify(created.body)).not.toContain('operator-pass-1');
      const duplicate = await t.http
        .post(users())
        .set('authorization', admin.auth)
        .send({ email: 'OP@users.co', password: 'operator-pass-2', roles: [] });
      expect(duplicate.status).toBe(409);
      const list = await t.http.get(users()).set('authorization', admin.auth);
      expect(list.body.map((user: { email: string }) => user.email)).toEqual(['op@users.co', admin.email]);
      expect(JSON.stringify(list.body)).not.toMatch(/password|argon2/i);
    });

    it('validates email, password length and roles', async () => {
      const res = await t.http
        .post(users())
        .set('authorization', admin.auth)
        .send({ email: 'not-an-email', password: 'short', roles: ['KING'] });
      expect(res.status).toBe(400);
      expect([...new Set(res.body.errors.map((error: { field: string }) => error.field))].sort()).toEqual([
        'email',
        'password',
        'roles',
      ]);
    });

    it('forbids a tenant admin to grant SYSTEM_ADMIN, and nobody can grant it outside management', async () => {
      const byTenantAdmin = await t.http
        .post(users())
        .set('authorization', admin.auth)
        .send({ email: 'root@users.co', password: 'root-password-1', roles: ['SYSTEM_ADMIN'] });
      expect(byTenantAdmin.status).toBe(403);
      const bySystemAdmin = await t.http
        .post(users())
        .set('authorization', ADMIN_AUTH)
        .send({ email: 'root@users.co', password: 'root-password-1', roles: ['SYSTEM_ADMIN'] });
      expect(bySystemAdmin.status).toBe(400);
      const count = await t.http.get(users()).set('authorization', admin.auth);
      expect(count.body.map((user: { email: string }) => user.email)).not.toContain('root@users.co');
    });

    it('reads, updates and deletes a user; another tenant’s user id is a 404', async () => {
      const created = await t.http
        .post(users())
        .set('authorization', admin.auth)
        .send({ email: 'temp@users.co', password: 'temporary-pass', roles: [] });
      const id = created.body.id as string;
      const updated = await t.http
        .patch(users(`/${id}`))
        .set('authorization', admin.auth)
        .send({ roles: ['ADMISSION_ADMIN'] });
      expect(updated.body.roles).toEqual(['ADMISSION_ADMIN']);
      const other = await tenantUser(t.http, 'other-co', ['TENANT_ADMIN']);
      expect(
        (await t.http.get(`/api/v1/tenants/other-co/users/${id}`).set('authorization', other.auth)).status,
      ).toBe(404);
      expect((await t.http.get(users(`/${id}`)).set('authorization', other.auth)).status).toBe(404);
      expect(
        (await t.http.delete(`/api/v1/tenants/other-co/users/${id}`).set('authorization', other.auth)).status,
      ).toBe(404);
      expect((await t.http.delete(users(`/${id}`)).set('authorization', admin.auth)).status).toBe(204);
      expect((await t.http.get(users(`/${id}`)).set('authorization', admin.auth)).status).toBe(404);
      expect((await t.http.get(users('/not-a-uuid')).set('authorization', admin.auth)).status).toBe(400);
    });

    it('refuses to let a user delete itself', async () => {
      const res = await t.http.delete(users(`/${admin.id}`)).set('authorization', admin.auth);
      expect(res.status).toBe(409);
      expect((await t.http.get(users(`/${admin.id}`)).set('authorization', admin.auth)).status).toBe(200);
    });
  });
});
