import { ADMIN_AUTH, startTestApp, type TestApp, tenantUser } from './support/test-app';

interface AuditEvent {
  id: number;
  at: string;
  tenantId: string;
  actor: string | null;
  action: string;
  target: string | null;
  outcome: string;
  statusCode: number;
  requestId: string;
}

describe('audit events', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof tenantUser>>;
  const events = async (query = '', auth = admin.auth, tenant = 'audited') =>
    (await t.http.get(`/api/v1/tenants/${tenant}/audit-events${query}`).set('authorization', auth))
      .body as AuditEvent[];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await tenantUser(t.http, 'audited', ['TENANT_ADMIN']);
  });
  afterAll(() => t.close());

  it('records each state-changing request once, with actor, action, target, outcome and request id', async () => {
    const created = await t.http
      .post('/api/v1/tenants/audited/users')
      .set('authorization', admin.auth)
      .set('x-request-id', 'req-create-op')
      .send({ email: 'op@audited.test', password: 'operator-pass-1', roles: [] });
    const [event] = await events('?action=createUser&target=' + created.body.id);
    expect(event).toEqual({
      id: expect.any(Number),
      at: expect.any(String),
      tenantId: 'audited',
      actor: admin.email,
      action: 'createUser',
      target: created.body.id,
      outcome: 'success',
      statusCode: 201,
      requestId: 'req-create-op',
    });
  });

  it('records failures of authenticated callers, and nothing for reads or anonymous callers', async () => {
    await t.http
      .post('/api/v1/tenants/audited/users')
      .set('authorization', admin.auth)
      .set('x-request-id', 'req-dup')
      .send({ email: 'op@audited.test', password: 'operator-pass-1', roles: [] });
    await t.http.post('/api/v1/tenants/audited/users').set('x-request-id', 'req-anon').send({});
    await t.http
      .get('/api/v1/tenants/audited/users')
      .set('authorization', admin.auth)
      .set('x-request-id', 'req-read');
    const all = await events('?per_page=500');
    expect(all.filter((event) => event.requestId === 'req-dup')).toEqual([
      expect.objectContaining({ outcome: 'failure', statusCode: 409, action: 'createUser' }),
    ]);
    expect(all.some((event) => ['req-anon', 'req-read'].includes(event.requestId))).toBe(false);
  });

  it('records a login, successful or not, in the tenant of the user', async () => {
    const { basic } = await import('./support/test-app');
    await t.http
      .post('/api/v1/auth/login')
      .set('authorization', basic(admin.email, 'wrong-password'))
      .set('x-request-id', 'req-bad-login');
    await t.http
      .post('/api/v1/auth/login')
      .set('authorization', admin.auth)
      .set('x-request-id', 'req-good-login');
    const logins = await events('?action=login');
    expect(logins.map((event) => [event.requestId, event.outcome, event.actor])).toEqual([
      ['req-good-login', 'success', admin.email],
      ['req-bad-login', 'failure', admin.email],
    ]);
  });

  it('filters by time and pages newest first with Link headers', async () => {
    const all = await events('?per_page=500');
    expect(all.map((event) => event.id)).toEqual([...all.map((event) => event.id)].sort((a, b) => b - a));
    const page = await t.http
      .get('/api/v1/tenants/audited/audit-events?per_page=1&action=login')
      .set('authorization', admin.auth);
    expect(page.body).toHaveLength(1);
    expect(page.headers.link).toContain('rel="next"');
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(await events(`?from=${future}`)).toEqual([]);
    expect((await events(`?to=${future}`)).length).toBe(all.length);
    const bad = await t.http
      .get('/api/v1/tenants/audited/audit-events?from=yesterday')
      .set('authorization', admin.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('from');
  });

  it('keeps tenants apart: a probe of another tenant is a 404 recorded in the prober’s own log', async () => {
    const other = await tenantUser(t.http, 'other-audited', ['TENANT_ADMIN']);
    const probe = await t.http
      .post('/api/v1/tenants/audited/users')
      .set('authorization', other.auth)
      .set('x-request-id', 'req-probe')
      .send({});
    expect(probe.status).toBe(404);
    expect(
      (await t.http.get('/api/v1/tenants/audited/audit-events').set('authorization', other.auth)).status,
    ).toBe(404);
    expect((await events('?per_page=500')).some((event) => event.requestId === 'req-probe')).toBe(false);
    const own = await events('?per_page=500', other.auth, 'other-audited');
    expect(own.filter((event) => event.requestId === 'req-probe')).toEqual([
      expect.objectContaining({ outcome: 'failure', statusCode: 404 }),
    ]);
    const reader = await tenantUser(t.http, 'audited', ['MANAGE_DEVICES']);
    expect(
      (await t.http.get('/api/v1/tenants/audited/audit-events').set('authorization', reader.auth)).status,
    ).toBe(403);
    expect(
      (await t.http.get('/api/v1/tenants/audited/audit-events').set('authorization', ADMIN_AUTH)).status,
    ).toBe(200);
  });
});
