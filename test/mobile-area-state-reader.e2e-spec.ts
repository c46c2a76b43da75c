import { Clock } from '../src/modules/mobile/access/clock';
import { mobileLogin } from './support/mobile.fixture';
import { area, insertRows, site } from './support/mobile-site-model';
import { routeTable } from './support/route-table';
import { startTestApp, type TestApp, tenantUser } from './support/test-app';

const NOW = new Date('2026-03-02T09:00:00Z');
const POLL = 'GET /api/v1/tenants/:tenantId/access-control/controlled-areas/:id/effective-state';
const pollPath = (tenantId: string, areaId: string) =>
  `/api/v1/tenants/${tenantId}/access-control/controlled-areas/${areaId}/effective-state`;

/** A reader or door controller: MOBILE_AREA_STATE_READ polls effective states of its tenant, and nothing else. */
describe('Primis effective-state poll by a reader (MOBILE_AREA_STATE_READ)', () => {
  let t: TestApp;
  let reader: Awaited<ReturnType<typeof tenantUser>>;

  beforeAll(async () => {
    t = await startTestApp();
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(NOW);
    reader = await tenantUser(t.http, 'acme', ['MOBILE_AREA_STATE_READ'], 'door-1@acme.test');
    await tenantUser(t.http, 'globex', ['MOBILE_ADMIN'], 'admin@globex.test');
    await insertRows(t.app, 'mobile_sites', [site('acme', 'hq', 'UTC'), site('globex', 'hq', 'UTC')]);
    await insertRows(t.app, 'mobile_controlled_areas', [
      area('acme', 'hq', 'A1', 'Front door', { state: 11 }),
      area('globex', 'hq', 'G1', 'Globex door'),
    ]);
  });
  afterAll(() => t?.close());

  it("polls the effective state of its tenant's areas, not another tenant's", async () => {
    const res = await t.http.get(pollPath('acme', 'A1')).set('authorization', reader.auth);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      zoneId: 'A1',
      state: 11,
      effectiveState: 'open',
      effectiveStateCode: 11,
      open: true,
      unlockedUntil: null,
      evaluatedAt: NOW.toISOString(),
    });
    expect((await t.http.get(pollPath('acme', 'G1')).set('authorization', reader.auth)).status).toBe(404);
    expect((await t.http.get(pollPath('globex', 'G1')).set('authorization', reader.auth)).status).toBe(404);
    expect((await t.http.get(pollPath('acme', 'A1'))).status).toBe(401);
  });

  it('is refused on every other route that needs a role (403), and cannot log in as a phone', async () => {
    const guarded = routeTable(t).filter(
      ({ route, access }) => route !== POLL && access !== 'PUBLIC' && access !== 'any authenticated user',
    );
    expect(guarded.length).toBeGreaterThan(100);
    const reached: string[] = [];
    for (const { route } of guarded) {
      const [method, pattern] = route.split(' ');
      const path = pattern.replace(/:(tenantId|tenant_id)\b/g, 'acme').replace(/:\w+/g, 'x');
      let call = t.http[method.toLowerCase() as 'get'](path).set('authorization', reader.auth);
      if (['POST', 'PUT', 'PATCH'].includes(method)) call = call.send({});
      const { status } = await call;
      if (status !== 403) reached.push(`${route}: ${status}`);
    }
    expect(reached).toEqual([]);
    const login = await mobileLogin(t.http, reader.auth, 'DOOR-PHONE');
    expect(login.status).toBe(403);
    expect(login.body.status).toBe(403);
    // The one route any authenticated caller may ask says it manages nothing.
    const canManage = await t.http
      .get('/api/v1/tenant/acme/device/canmanage')
      .set('authorization', reader.auth);
    expect(canManage.status).toBe(200);
    expect(canManage.text).toBe('false');
  });
});
