import { DeviceUsersFixtureModule } from './support/device-users.fixture';
import { ADMIN_AUTH, basic, startTestApp, type TestApp, tenantUser } from './support/test-app';

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

describe('device users: Basic, tokens, revocation, and nothing but their own device', () => {
  let t: TestApp;
  let acmeAdmin: Awaited<ReturnType<typeof tenantUser>>;
  let globexAdmin: Awaited<ReturnType<typeof tenantUser>>;
  beforeAll(async () => {
    // The Basic cache stays on (60 s by default): revocation and password changes must miss it.
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }, [DeviceUsersFixtureModule]);
    acmeAdmin = await tenantUser(t.http, 'acme', ['TENANT_ADMIN']);
    globexAdmin = await tenantUser(t.http, 'globex', ['TENANT_ADMIN']);
    await setPasswords('acme', { 'Sensor-1': 'acme-sensor-pw', shared: 'acme-shared-pw', 'a/b': 'slash-pw' });
    await setPasswords('globex', { shared: 'globex-shared-pw' });
  }, 60_000);
  afterAll(() => t.close());

  async function setPasswords(tenantId: string, passwords: Record<string, string>) {
    const devices = Object.entries(passwords).map(([deviceId, password]) => ({ deviceId, password }));
    const res = await t.http
      .post(`/test/device-users/${tenantId}/upsert`)
      .set('authorization', ADMIN_AUTH)
      .send({ devices });
    if (res.status !== 201) throw new Error(`upsert: ${res.status} ${res.text}`);
    return res.body as Record<string, string>;
  }
  const self = (authorization: string) => t.http.get('/test/device-self').set('authorization', authorization);
  const login = (username: string, password: string) =>
    t.http.post('/api/v1/auth/login').set('authorization', basic(username, password));
  const refresh = (token: string) =>
    t.http.post('/api/v1/auth/refresh').set('authorization', `Bearer ${token}`);
  const revoke = (tenantId: string, deviceId: string, authorization = ADMIN_AUTH) =>
    t.http
      .delete(`/api/v1/tenants/${tenantId}/device-users/${encodeURIComponent(deviceId)}`)
      .set('authorization', authorization);

  describe('Basic', () => {
    it('authenticates device_<id> and tenantId/device_<id> as a device principal', async () => {
      for (const username of ['device_Sensor-1', 'acme/device_Sensor-1']) {
        const res = await self(basic(username, 'acme-sensor-pw'));
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          kind: 'device',
          deviceId: 'Sensor-1',
          tenantId: 'acme',
          name: 'device_Sensor-1',
        });
      }
      const slashed = await self(basic('acme/device_a/b', 'slash-pw'));
      expect(slashed.body).toMatchObject({ kind: 'device', deviceId: 'a/b' });
      expect((await self(basic('device_a/b', 'slash-pw'))).body).toMatchObject({ deviceId: 'a/b' });
    });

    it("reaches its own device's resources only (the handler compares ids exactly)", async () => {
      const device = basic('acme/device_Sensor-1', 'acme-sensor-pw');
      const own = await t.http.get('/test/device-self/Sensor-1').set('authorization', device);
      expect(own.body).toEqual({ deviceId: 'Sensor-1' });
      for (const other of ['sensor-1', 'shared']) {
        const res = await t.http.get(`/test/device-self/${other}`).set('authorization', device);
        expect(res.status).toBe(404);
      }
      const reader = await tenantUser(t.http, 'acme', ['ROLE_DEVICE_CONTROL_READ'], 'own-reader@acme.test');
      expect((await t.http.get('/test/device-self/shared').set('authorization', reader.auth)).body).toEqual({
        deviceId: 'shared',
      });
    });

    it('compares the id exactly and the password strictly', async () => {
      for (const [username, password] of [
        ['device_sensor-1', 'acme-sensor-pw'],
        ['device_SENSOR-1', 'acme-sensor-pw'],
        ['device_Sensor-1 ', 'acme-sensor-pw'],
        ['DEVICE_Sensor-1', 'acme-sensor-pw'],
        ['device_Sensor-1', 'acme-shared-pw'],
        ['globex/device_Sensor-1', 'acme-sensor-pw'],
      ]) {
        const res = await self(basic(username, password));
        expect({ username, status: res.status }).toEqual({ username, status: 401 });
        expect(res.body).toMatchObject({ status: 401, code: 'unauthorized' });
      }
    });

    it('keeps the device_ prefix for device users: no email may start with it', async () => {
      const res = await t.http
        .post('/api/v1/tenants/acme/users')
        .set('authorization', acmeAdmin.auth)
        .send({ email: 'Device_Sensor-1@acme.test', password: 'long-enough-pw', roles: [] });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          field: 'email',
          message: "email may not start with device_ (the device users' prefix)",
        }),
      ]);
    });

    it('finds the tenant by the password when the id exists in two tenants; the prefix names it', async () => {
      expect((await self(basic('device_shared', 'acme-shared-pw'))).body).toMatchObject({ tenantId: 'acme' });
      expect((await self(basic('device_shared', 'globex-shared-pw'))).body).toMatchObject({
        tenantId: 'globex',
      });
      const wrong = await login('device_shared', 'neither-pw');
      expect([wrong.status, wrong.body.detail]).toEqual([401, 'invalid credentials']);
      expect((await self(basic('acme/device_shared', 'acme-shared-pw'))).body).toMatchObject({
        tenantId: 'acme',
      });
      expect((await self(basic('globex/device_shared', 'acme-shared-pw'))).status).toBe(401);
    });
  });

  describe('tokens', () => {
    it('logs a device user in for a token pair that says it is a device, and refreshes it', async () => {
      const res = await login('acme/device_Sensor-1', 'acme-sensor-pw');
      expect(res.status).toBe(200);
      expect(claimsOf(res.body.accessToken)).toMatchObject({ tid: 'acme', typ: 'access', knd: 'device' });
      expect(claimsOf(res.body.refreshToken)).toMatchObject({ typ: 'refresh', knd: 'device' });
      expect((await self(`Bearer ${res.body.accessToken}`)).body).toEqual({
        kind: 'device',
        deviceId: 'Sensor-1',
        tenantId: 'acme',
        name: 'device_Sensor-1',
      });

      const rotated = await refresh(res.body.refreshToken);
      expect(rotated.status).toBe(200);
      expect(claimsOf(rotated.body.accessToken)).toMatchObject({ knd: 'device', tid: 'acme' });
      expect((await self(`Bearer ${rotated.body.accessToken}`)).body).toMatchObject({ deviceId: 'Sensor-1' });
      expect((await refresh(res.body.refreshToken)).status).toBe(401); // rotation: a used one is refused
    });

    it('keeps users unaffected: a user token says user and reaches a device route only by its roles', async () => {
      const reader = await tenantUser(t.http, 'acme', ['ROLE_DEVICE_CONTROL_READ']);
      const res = await login(reader.email, reader.password);
      expect(claimsOf(res.body.accessToken)).toMatchObject({ knd: 'user', sub: reader.id });
      expect((await self(`Bearer ${res.body.accessToken}`)).body).toEqual({
        kind: 'user',
        deviceId: null,
        tenantId: 'acme',
        name: reader.email,
      });
      const other = await tenantUser(t.http, 'acme', ['ROLE_DEVICE_CONTROL_ADMIN']);
      const forbidden = await self(other.auth);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.detail).toBe('requires one of the roles: ROLE_DEVICE_CONTROL_READ');
    });
  });

  describe('revocation and password changes take effect at once', () => {
    it('revoking ends Basic (even cached), access and refresh tokens; re-creating does not revive tokens', async () => {
      await setPasswords('acme', { revoked: 'revoked-pw' });
      const auth = basic('acme/device_revoked', 'revoked-pw');
      expect((await self(auth)).status).toBe(200); // now in the Basic cache
      const tokens = (await login('acme/device_revoked', 'revoked-pw')).body;
      expect((await self(`Bearer ${tokens.accessToken}`)).status).toBe(200);

      const revoked = await revoke('acme', 'revoked', acmeAdmin.auth);
      expect(revoked.status).toBe(204);
      expect(revoked.text).toBe('');

      expect((await self(auth)).status).toBe(401);
      expect((await self(`Bearer ${tokens.accessToken}`)).status).toBe(401);
      expect((await refresh(tokens.refreshToken)).status).toBe(401);

      expect(await setPasswords('acme', { revoked: 'revoked-pw' })).toEqual({ revoked: 'created' });
      expect((await self(auth)).status).toBe(200);
      expect((await self(`Bearer ${tokens.accessToken}`)).status).toBe(401);
    });

    it('a new password refuses the old one at once (cached) and ends its access and refresh tokens', async () => {
      await setPasswords('acme', { rotating: 'first-pw' });
      const old = basic('acme/device_rotating', 'first-pw');
      expect((await self(old)).status).toBe(200);
      const tokens = (await login('acme/device_rotating', 'first-pw')).body;
      expect((await self(`Bearer ${tokens.accessToken}`)).status).toBe(200);

      expect(await setPasswords('acme', { rotating: 'second-pw' })).toEqual({ rotating: 'updated' });

      expect((await self(old)).status).toBe(401);
      expect((await self(`Bearer ${tokens.accessToken}`)).status).toBe(401);
      expect((await refresh(tokens.refreshToken)).status).toBe(401);
      const renewed = (await login('acme/device_rotating', 'second-pw')).body;
      expect((await self(basic('acme/device_rotating', 'second-pw'))).body).toEqual(
        (await self(`Bearer ${renewed.accessToken}`)).body,
      );
      expect((await self(`Bearer ${renewed.accessToken}`)).status).toBe(200);
    });
  });

  describe('a device principal has no human role', () => {
    const problem = { status: 403, code: 'forbidden', detail: 'a device user may only reach its own device' };
    const apio = { errors: [{ code: 3, message: problem.detail, sub_code: null, details: {} }] };
    /** One route of every module, the shape its 403 takes, and what the human caller gets there. */
    const routes = [
      { module: 'platform tenants', method: 'get', path: '/api/v1/tenants/acme', shape: problem, human: 200 },
      {
        module: 'platform users',
        method: 'get',
        path: '/api/v1/tenants/acme/users',
        shape: problem,
        human: 200,
      },
      {
        module: 'platform audit',
        method: 'get',
        path: '/api/v1/tenants/acme/audit-events',
        shape: problem,
        human: 200,
      },
      {
        module: 'platform device users',
        method: 'get',
        path: '/api/v1/tenants/acme/device-users',
        shape: problem,
        human: 200,
      },
      {
        module: 'platform compensations',
        method: 'get',
        path: '/api/v1/compensations',
        shape: problem,
        human: 200,
        system: true,
      },
      {
        module: 'Genetec devices',
        method: 'get',
        path: '/api/v1/tenant/acme/device',
        shape: problem,
        human: 200,
      },
      {
        module: 'Genetec (any user)',
        method: 'get',
        path: '/api/v1/tenant/acme/device/canmanage',
        shape: problem,
        human: 200,
      },
      {
        module: 'Genetec negotiation',
        method: 'post',
        path: '/api/v1/tenant/acme/configuration/negociate',
        shape: problem,
        human: 400,
      },
      {
        module: 'Mender',
        method: 'get',
        path: '/api/management/v1/admission/devices',
        shape: { error: problem.detail, request_id: expect.any(String) },
        human: 200,
      },
      { module: 'APIO phone types', method: 'get', path: '/api/v1/phone_types/', shape: apio, human: 200 },
      {
        module: 'APIO devices',
        method: 'get',
        path: '/api/v1/tenants/acme/groups/g1/advanced_access_devices/',
        shape: apio,
        human: 200,
      },
    ] as const;

    it('answers 403 in each module its own shape, to Basic and to Bearer; a user is unaffected', async () => {
      const { accessToken } = (await login('acme/device_Sensor-1', 'acme-sensor-pw')).body;
      const callers = [basic('acme/device_Sensor-1', 'acme-sensor-pw'), `Bearer ${accessToken}`];
      for (const route of routes) {
        const call = (authorization: string) =>
          t.http[route.method](route.path).set('authorization', authorization).send({});
        for (const authorization of callers) {
          const res = await call(authorization);
          expect({ module: route.module, status: res.status, body: res.body }).toEqual({
            module: route.module,
            status: 403,
            body: expect.objectContaining(route.shape),
          });
        }
        const human = await call('system' in route ? ADMIN_AUTH : acmeAdmin.auth);
        expect({ module: route.module, status: human.status }).toEqual({
          module: route.module,
          status: route.human,
        });
      }
    });

    it('names the device principal as the actor of its audited requests', async () => {
      await t.http
        .post('/api/v1/tenants/acme/users')
        .set('authorization', basic('acme/device_Sensor-1', 'acme-sensor-pw'))
        .set('x-request-id', 'req-device-create-user')
        .send({});
      const events = await t.http
        .get('/api/v1/tenants/acme/audit-events?action=createUser')
        .set('authorization', acmeAdmin.auth);
      expect(
        events.body.find((event: { requestId: string }) => event.requestId === 'req-device-create-user'),
      ).toMatchObject({
        tenantId: 'acme',
        actor: 'device_Sensor-1',
        outcome: 'failure',
        statusCode: 403,
      });
    });
  });

  describe("admin API: list and revoke a tenant's device users", () => {
    const list = (tenantId: string, authorization: string, query = '') =>
      t.http.get(`/api/v1/tenants/${tenantId}/device-users${query}`).set('authorization', authorization);

    it("lists in pages, never a hash, and only the tenant's own", async () => {
      await setPasswords('globex', { 'g-1': 'pw-g1', 'g-2': 'pw-g2', 'g-3': 'pw-g3' });
      const first = await list('globex', globexAdmin.auth, '?per_page=2');
      expect(first.status).toBe(200);
      expect(first.body).toHaveLength(2);
      for (const row of first.body) {
        expect(Object.keys(row).sort()).toEqual(['createdAt', 'deviceId', 'updatedAt', 'username']);
        expect(row.username).toBe(`device_${row.deviceId}`);
      }
      expect(first.headers.link).toContain('rel="next"');
      const rest = await list('globex', globexAdmin.auth, '?per_page=2&page=2');
      const all = [...first.body, ...rest.body].map((row: { deviceId: string }) => row.deviceId).sort();
      expect(all).toEqual(['g-1', 'g-2', 'g-3', 'shared']);
      expect(JSON.stringify([first.body, rest.body])).not.toContain('argon2');

      const probe = await list('globex', acmeAdmin.auth);
      expect(probe.status).toBe(404);
      expect(probe.body).toMatchObject({ status: 404, code: 'not_found' });
    });

    it("revokes only in the caller's tenant, audited, with ids exact and percent-encoded", async () => {
      expect((await revoke('globex', 'g-1', acmeAdmin.auth)).status).toBe(404);
      expect((await revoke('acme', 'g-1', acmeAdmin.auth)).status).toBe(404);
      expect((await self(basic('globex/device_g-1', 'pw-g1'))).status).toBe(200);
      expect((await revoke('globex', 'G-1', globexAdmin.auth)).status).toBe(404);

      const long = `${'L'.repeat(996)}/ü/`;
      await setPasswords('globex', { [long]: 'long-pw' });
      expect((await self(basic(`globex/device_${long}`, 'long-pw'))).body).toMatchObject({ deviceId: long });
      for (const deviceId of ['g-1', long]) {
        const res = await revoke('globex', deviceId, globexAdmin.auth).set(
          'x-request-id',
          `req-revoke-${deviceId.length}`,
        );
        expect(res.status).toBe(204);
      }
      expect((await self(basic('globex/device_g-1', 'pw-g1'))).status).toBe(401);
      expect((await self(basic(`globex/device_${long}`, 'long-pw'))).status).toBe(401);
      const missing = await revoke('globex', 'g-1', globexAdmin.auth);
      expect(missing.body).toMatchObject({ status: 404, detail: 'device user not found' });

      const events = await t.http
        .get('/api/v1/tenants/globex/audit-events?action=revokeDeviceUser')
        .set('authorization', globexAdmin.auth);
      const byRequest = (id: string) =>
        events.body.find((event: { requestId: string }) => event.requestId === id);
      expect(byRequest('req-revoke-3')).toMatchObject({
        actor: globexAdmin.email,
        target: 'g-1',
        outcome: 'success',
        statusCode: 204,
      });
      expect(byRequest(`req-revoke-${long.length}`).target).toMatch(/^L{283}…[0-9a-f]{16}$/);
    });

    it('is for tenant administrators only', async () => {
      const reader = await tenantUser(t.http, 'globex', ['ROLE_DEVICE_CONTROL_ADMIN']);
      const res = await list('globex', reader.auth);
      expect(res.status).toBe(403);
      expect(res.body.detail).toBe('requires one of the roles: TENANT_ADMIN');
      expect((await revoke('globex', 'g-2', reader.auth)).status).toBe(403);
    });
  });
});
