import type { Type } from '@nestjs/common';
import type TestAgent from 'supertest/lib/agent';
import { startTestApp, type TestApp, tenantUser } from './test-app';

/** The site model's management API of one tenant, called with one caller's credentials. */
export function accessControl(http: TestAgent, tenantId: string, auth: string) {
  const url = (path: string) => `/api/v1/tenants/${tenantId}/access-control/${path}`;
  return {
    put: (path: string, body: object) => http.put(url(path)).set('authorization', auth).send(body),
    get: (path: string) => http.get(url(path)).set('authorization', auth),
    delete: (path: string) => http.delete(url(path)).set('authorization', auth),
  };
}

export type AccessControl = ReturnType<typeof accessControl>;

/** A tenant with a MOBILE_ADMIN, its API, and a first site `hq` in Europe/Paris. */
export async function siteModelTenant(http: TestAgent, tenantId: string): Promise<AccessControl> {
  const admin = await tenantUser(http, tenantId, ['MOBILE_ADMIN']);
  const api = accessControl(http, tenantId, admin.auth);
  const site = await api.put('sites/hq', { name: 'Head office', timeZone: 'Europe/Paris' });
  if (site.status !== 201) throw new Error(`site: ${site.status} ${site.text}`);
  return api;
}

/** The body of a 422 or 400 naming (at least) these fields. */
export const fieldErrors = (status: number, ...fields: string[]) => ({
  status,
  code: 'validation_failed',
  errors: expect.arrayContaining(fields.map((field) => ({ field, message: expect.any(String) }))),
});

/**
 * The app for one describe block (started in beforeAll, closed in afterAll) with tenant `acme` and its
 * site `hq`: read `t` and `api` inside the tests.
 */
export function siteModelApp(modules: Type[] = []): { readonly t: TestApp; readonly api: AccessControl } {
  const state = {} as { t: TestApp; api: AccessControl };
  beforeAll(async () => {
    state.t = await startTestApp({}, modules);
    state.api = await siteModelTenant(state.t.http, 'acme');
  }, 60_000);
  afterAll(() => state.t.close());
  return state;
}
