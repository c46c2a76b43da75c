import { sign } from 'jsonwebtoken';
import { ADMIN, ADMIN_AUTH, basic, startTestApp, type TestApp, tenantUser } from './support/test-app';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('auth: login, refresh rotation, Basic and Bearer, JWT verification', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(() => t.close());

  const login = (email: string, password: string) =>
    t.http.post('/api/v1/auth/login').set('authorization', basic(email, password));
  const refresh = (token: string) =>
    t.http.post('/api/v1/auth/refresh').set('authorization', `Bearer ${token}`);
  const me = (authorization: string) => t.http.get('/api/v1/tenants').set('authorization', authorization);

  it('logs in with Basic and returns a usable token pair', async () => {
    const res = await login(ADMIN.email, ADMIN.password);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
    });
    const [header] = res.body.accessToken.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ alg: 'HS256' });
    const listed = await me(`Bearer ${res.body.accessToken}`);
    expect(listed.status).toBe(200);
    expect(listed.body.map((tenant: { id: string }) => tenant.id)).toContain('management');
  });

  it('refuses wrong credentials with 401, WWW-Authenticate and problem+json', async () => {
    for (const res of [
      await login(ADMIN.email, 'wrong-password'),
      await login('nobody@example.com', 'whatever'),
      await t.http.post('/api/v1/auth/login'),
    ]) {
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toContain('Basic');
      expect(res.headers['www-authenticate']).toContain('Bearer');
      expect(res.body).toMatchObject({ status: 401, code: 'unauthorized' });
      expect(res.body).not.toHaveProperty('accessToken');
    }
  });

  it('needs tenantId/email when the email exists in several tenants', async () => {
    const one = await tenantUser(t.http, 'tenant-one', ['MANAGE_DEVICES'], 'same@example.com');
    await tenantUser(t.http, 'tenant-two', ['MANAGE_DEVICES'], 'same@example.com');
    const ambiguous = await login('same@example.com', one.password);
    expect(ambiguous.status).toBe(401);
    expect(ambiguous.body.detail).toContain('tenantId/email');
    const prefixed = await login('tenant-one/same@example.com', one.password);
    expect(prefixed.status).toBe(200);
    const basicPrefixed = await t.http
      .get('/api/v1/tenants/tenant-one')
      .set('authorization', basic('tenant-one/same@example.com', one.password));
    expect(basicPrefixed.status).toBe(403); // authenticated, but MANAGE_DEVICES is not TENANT_ADMIN
  });

  it('rotates refresh tokens; replaying a used one is a 401 that revokes the whole family', async () => {
    const first = (await login(ADMIN.email, ADMIN.password)).body;
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await me(`Bearer ${second.body.accessToken}`)).status).toBe(200);

    const replay = await refresh(first.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.detail).toContain('already used');
    // The family is revoked: the newest refresh token no longer works either.
    const afterRevocation = await refresh(second.body.refreshToken);
    expect(afterRevocation.status).toBe(401);
    // Another session of the same user is untouched.
    const other = (await login(ADMIN.email, ADMIN.password)).body;
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it('lets exactly one of two concurrent refreshes with the same token win', async () => {
    const pair = (await login(ADMIN.email, ADMIN.password)).body;
    const results = await Promise.all([refresh(pair.refreshToken), refresh(pair.refreshToken)]);
    expect(results.map((res) => res.status).sort()).toEqual([200, 401]);
  });

  it('does not accept an access token as a refresh token, nor a refresh token as access', async () => {
    const pair = (await login(ADMIN.email, ADMIN.password)).body;
    expect((await refresh(pair.accessToken)).status).toBe(401);
    expect((await me(`Bearer ${pair.refreshToken}`)).status).toBe(401);
  });

  it('refuses alg:none, tampered, expired, foreign-issuer and foreign-audience tokens', async () => {
    const pair = (await login(ADMIN.email, ADMIN.password)).body;
    const [header, payload, signature] = pair.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const secret = t.config.jwtSecret;
    const forged = [
      `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      `${header}.${b64({ ...claims, tid: 'tenant-one' })}.${signature}`,
      sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, secret, { algorithm: 'HS256' }),
      sign({ ...claims, iss: 'someone-else' }, secret, { algorithm: 'HS256' }),
      sign({ ...claims, aud: 'someone-else' }, secret, { algorithm: 'HS256' }),
      sign({ ...claims, exp: Math.floor(Date.now() / 1000) + 60 }, secret, { algorithm: 'HS512' }),
      sign({ ...claims, exp: Math.floor(Date.now() / 1000) + 60 }, 'another-secret-another-secret-1234', {
        algorithm: 'HS256',
      }),
    ];
    for (const token of forged) {
      const res = await me(`Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthorized');
    }
    expect((await me(`Bearer ${pair.accessToken}`)).status).toBe(200);
  });

  it('accepts a token another party signed with the configured secret (its UTF-8 bytes are the key)', async () => {
    const pair = (await login(ADMIN.email, ADMIN.password)).body;
    const claims = JSON.parse(Buffer.from(pair.accessToken.split('.')[1], 'base64url').toString());
    const token = sign({ ...claims, exp: Math.floor(Date.now() / 1000) + 60 }, t.config.jwtSecret, {
      algorithm: 'HS256',
    });
    const res = await me(`Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual((await me(`Bearer ${pair.accessToken}`)).body);
  });

  it('accepts Basic on protected routes, and a changed password invalidates the old one at once', async () => {
    const user = await tenantUser(t.http, 'basic-tenant', ['TENANT_ADMIN']);
    expect((await t.http.get('/api/v1/tenants/basic-tenant').set('authorization', user.auth)).status).toBe(
      200,
    );
    const changed = await t.http
      .patch(`/api/v1/tenants/basic-tenant/users/${user.id}`)
      .set('authorization', ADMIN_AUTH)
      .send({ password: 'a-brand-new-password' });
    expect(changed.status).toBe(200);
    expect((await t.http.get('/api/v1/tenants/basic-tenant').set('authorization', user.auth)).status).toBe(
      401,
    );
    const fresh = basic(user.email, 'a-brand-new-password');
    expect((await t.http.get('/api/v1/tenants/basic-tenant').set('authorization', fresh)).status).toBe(200);
  });

  it("ends a user's access tokens at once when its password changes; one signed without a stamp is taken", async () => {
    const user = await tenantUser(t.http, 'stamp-tenant', ['TENANT_ADMIN']);
    const route = '/api/v1/tenants/stamp-tenant';
    const old = (await login(user.email, user.password)).body;
    const claims = JSON.parse(Buffer.from(old.accessToken.split('.')[1], 'base64url').toString());
    expect(claims.crd).toMatch(/^[\w-]{22}$/);
    // Another party's token (signed with the secret, no stamp) lives until it expires, as before.
    const { crd: _stamp, ...unstamped } = claims;
    const foreign = sign(unstamped, t.config.jwtSecret, { algorithm: 'HS256' });
    const restamped = sign({ ...claims, crd: 'x'.repeat(22) }, t.config.jwtSecret, { algorithm: 'HS256' });
    const numeric = sign({ ...claims, crd: 7 }, t.config.jwtSecret, { algorithm: 'HS256' });
    expect((await t.http.get(route).set('authorization', `Bearer ${old.accessToken}`)).status).toBe(200);
    expect((await t.http.get(route).set('authorization', `Bearer ${restamped}`)).status).toBe(401);
    expect((await t.http.get(route).set('authorization', `Bearer ${numeric}`)).status).toBe(401);

    const changed = await t.http
      .patch(`/api/v1/tenants/stamp-tenant/users/${user.id}`)
      .set('authorization', ADMIN_AUTH)
      .send({ password: 'another-new-password' });
    expect(changed.status).toBe(200);

    const refused = await t.http.get(route).set('authorization', `Bearer ${old.accessToken}`);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ status: 401, code: 'unauthorized' });
    expect((await refresh(old.refreshToken)).status).toBe(401);
    expect((await t.http.get(route).set('authorization', `Bearer ${foreign}`)).status).toBe(200);
    const fresh = (await login(user.email, 'another-new-password')).body;
    const served = await t.http.get(route).set('authorization', `Bearer ${fresh.accessToken}`);
    expect(served.status).toBe(200);
    expect(served.body).toMatchObject({ id: 'stamp-tenant' });
    // Changing roles (not the password) keeps the token: the stamp is the password's alone.
    const promoted = await t.http
      .patch(`/api/v1/tenants/stamp-tenant/users/${user.id}`)
      .set('authorization', ADMIN_AUTH)
      .send({ roles: ['TENANT_ADMIN', 'MANAGE_DEVICES'] });
    expect(promoted.status).toBe(200);
    expect((await t.http.get(route).set('authorization', `Bearer ${fresh.accessToken}`)).status).toBe(200);
  });

  it('takes the Basic password whole on every route, colons included, whatever the scheme case', async () => {
    const user = await tenantUser(t.http, 'colon-tenant', ['TENANT_ADMIN']);
    const changed = await t.http
      .patch(`/api/v1/tenants/colon-tenant/users/${user.id}`)
      .set('authorization', ADMIN_AUTH)
      .send({ password: 'pass:with:colons' });
    expect(changed.status).toBe(200);
    const route = '/api/v1/tenants/colon-tenant';
    expect((await t.http.get(route).set('authorization', basic(user.email, 'pass:with:colons'))).status).toBe(
      200,
    );
    const lowerCase = `basic ${Buffer.from(`${user.email}:pass:with:colons`).toString('base64')}`;
    expect((await t.http.get(route).set('authorization', lowerCase)).status).toBe(200);
    const truncated = await t.http.get(route).set('authorization', basic(user.email, 'pass'));
    expect(truncated.status).toBe(401);
    expect(truncated.body).toMatchObject({ status: 401, code: 'unauthorized' });
    for (const header of ['Digest x', 'Basic', `Basic ${Buffer.from(user.email).toString('base64')}`]) {
      const res = await t.http.get(route).set('authorization', header);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toContain('Basic');
    }
  });

  it('stops honouring the access token of a deleted user', async () => {
    const user = await tenantUser(t.http, 'deleted-tenant', ['TENANT_ADMIN']);
    const token = (await login(user.email, user.password)).body.accessToken;
    expect(
      (await t.http.get('/api/v1/tenants/deleted-tenant').set('authorization', `Bearer ${token}`)).status,
    ).toBe(200);
    expect(
      (
        await t.http
          .delete(`/api/v1/tenants/deleted-tenant/users/${user.id}`)
          .set('authorization', ADMIN_AUTH)
      ).status,
    ).toBe(204);
    expect(
      (await t.http.get('/api/v1/tenants/deleted-tenant').set('authorization', `Bearer ${token}`)).status,
    ).toBe(401);
  });
});

describe('auth: login rate limit held in the database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After once the limit is passed, across two instances', async () => {
    const other = await t.startAnotherInstance({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    const { default: request } = await import('supertest');
    const second = request(other.getHttpServer());
    const statuses: number[] = [];
    for (const http of [t.http, second, t.http, second]) {
      statuses.push(
        (await http.post('/api/v1/auth/login').set('authorization', basic(ADMIN.email, 'wrong-password')))
          .status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await t.http
      .post('/api/v1/auth/login')
      .set('authorization', basic(ADMIN.email, ADMIN.password));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate_limited' });
  });
});

describe('auth: wrong Basic passwords limited on every route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('counts by the address the trusted proxy saw, not the one a client writes in X-Forwarded-For', async () => {
    const { default: request } = await import('supertest');
    const behindProxy = request(
      (
        await t.startAnotherInstance({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1' })
      ).getHttpServer(),
    );
    await tenantUser(t.http, 'proxied', ['ADMISSION_READ'], 'reader@proxied.test');
    const guess = (forwardedFor: string) =>
      behindProxy
        .get('/api/management/v1/admission/devices')
        .set('authorization', basic('reader@proxied.test', 'a-guess'))
        .set('x-forwarded-for', forwardedFor);

    // The proxy appends the address it saw; what the client sent before it changes nothing.
    const statuses = [];
    for (const spoofed of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4'])
      statuses.push((await guess(`${spoofed}, 203.0.113.9`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await guess('203.0.113.10')).status).toBe(401);
  });

  it('limits wrong passwords on every route, per login and address, across instances, in the route’s shape', async () => {
    const { default: request } = await import('supertest');
    const second = request(
      (await t.startAnotherInstance({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' })).getHttpServer(),
    );
    const { auth: right } = await tenantUser(t.http, 'guessed', ['ADMISSION_READ'], 'reader@guessed.test');
    const { auth: neighbour } = await tenantUser(t.http, 'guessed', ['ADMISSION_READ'], 'other@guessed.test');
    const wrong = basic('reader@guessed.test', 'not-the-password');
    const devices = '/api/management/v1/admission/devices';
    const status = async (http: typeof second, auth: string) =>
      (await http.get(devices).set('authorization', auth)).status;
    // A right password is given back its count, and remembered by this instance.
    expect(await status(t.http, right)).toBe(200);

    const statuses = [await status(t.http, wrong), await status(second, wrong), await status(t.http, wrong)];
    const blocked = await second.get(devices).set('authorization', wrong);
    const rightElsewhere = await status(second, right);
    const rightRemembered = await status(t.http, right);
    const ghost = basic('ghost@guessed.test', 'whatever');
    const unknown = [];
    for (let i = 0; i < 4; i += 1) unknown.push(await status(t.http, ghost));

    expect(statuses).toEqual([401, 401, 401]);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body).toEqual({
      error: 'too many password attempts for this login from this address; retry later',
      request_id: blocked.headers['x-men-requestid'],
    });
    // Refused before argon2 even with the right password, unless this instance remembers it.
    expect(rightElsewhere).toBe(429);
    expect(rightRemembered).toBe(200);
    // A login that does not exist is counted and refused alike: a 429 does not tell which exist.
    expect(unknown).toEqual([401, 401, 401, 429]);
    expect(await status(t.http, basic('other@guessed.test', 'nope'))).toBe(401);
    expect(await status(t.http, neighbour)).toBe(200);
  });
});
