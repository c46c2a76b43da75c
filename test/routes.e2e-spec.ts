import { Controller, Get, Module } from '@nestjs/common';
import type { ApplicationConfig } from '@nestjs/core';
import { routeTable } from './support/route-table';
import { ADMIN_AUTH, startTestApp, type TestApp } from './support/test-app';

@Controller('test/forgotten')
class ForgottenController {
  @Get()
  forgotten() {
    return { reached: true };
  }
}

@Module({ controllers: [ForgottenController] })
class ForgottenModule {}

describe('routes: who can reach what', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('declares access on every route (@Public or @Authenticated) and matches the reviewed table', () => {
    const table = routeTable(t).map(({ route, access }) => ({ route, access }));
    console.log(table.map(({ route, access }) => `${route.padEnd(60)} ${access}`).join('\n'));
    expect(table.filter((row) => row.access === 'UNDECLARED')).toEqual([]);
    // A change in who can reach what shows up here, in review.
    expect(table).toMatchSnapshot();
  });

  it('runs the request pipeline (key, audit, transaction) on every route that can change state, none on reads', () => {
    const table = routeTable(t);
    const reads = table.filter(({ route }) => route.startsWith('GET '));
    expect(reads.length).toBeGreaterThan(50);
    expect(reads.filter(({ piped }) => piped).map(({ route }) => route)).toEqual([]);
    const writes = table.filter(({ route }) => !route.startsWith('GET '));
    expect(writes.length).toBeGreaterThan(50);
    expect(writes.filter(({ piped }) => !piped).map(({ route }) => route)).toEqual([]);
    // No interceptor anywhere (a library's no-op included): no request runs through Nest's rxjs chain.
    expect(table.filter(({ intercepted }) => intercepted).map(({ route }) => route)).toEqual([]);
    const { config } = t.app as unknown as { config: ApplicationConfig };
    expect(config.getGlobalInterceptors()).toEqual([]);
    expect(config.getGlobalGuards().map((guard) => guard.constructor.name)).toEqual(['GlobalAuthGuard']);
  });

  it('documents the same access in the OpenAPI document: security once, a 403 only where roles are needed', async () => {
    const { paths } = (await t.http.get('/docs-json')).body as {
      paths: Record<string, Record<string, Operation>>;
    };
    const documented = routeTable(t).map(({ route, access }) => {
      const [method, path] = route.split(' ');
      const templated = path.replace(/:(\w+)/g, '{$1}').replace(/\/$/, '');
      const operation = (paths[templated] ?? paths[`${templated}/`])?.[method.toLowerCase()];
      return {
        route,
        access,
        security: operation?.security,
        forbidden: operation?.responses['403']?.description,
      };
    });

    const needsRoles = (access: string) => access !== 'PUBLIC' && access !== 'any authenticated user';
    const authenticated = documented.filter(({ access }) => access !== 'PUBLIC');
    expect(authenticated.filter(({ security }) => JSON.stringify(security) !== AUTHENTICATED)).toEqual([]);
    // Public routes need nothing, except those that read the credentials they exchange themselves.
    expect(
      documented
        .filter(({ access, security }) => access === 'PUBLIC' && JSON.stringify(security) !== '[]')
        .map(({ route, security }) => ({ route, security })),
    ).toEqual([
      { route: 'POST /api/mobile/access_token', security: [{ bearer: [] }] },
      { route: 'POST /api/mobile/login', security: [{ basic: [] }] },
      { route: 'POST /api/v1/auth/login', security: [{ basic: [] }] },
      { route: 'POST /api/v1/auth/refresh', security: [{ bearer: [] }] },
    ]);
    for (const { route, access, forbidden } of documented) {
      const roles = access.split(' | ').filter((part) => part !== 'its own device');
      const device =
        roles.length < access.split(' | ').length ? ' A device user reaches only its own device.' : '';
      expect({ route, forbidden }).toEqual({
        route,
        forbidden: needsRoles(access)
          ? `Caller lacks the role. Requires one of: ${roles.join(', ')}.${device}`
          : undefined,
      });
    }
    const canManage = paths['/api/v1/tenant/{tenantId}/device/canmanage'].get;
    expect(canManage.description).toMatch(
      /^Any authenticated caller may ask, whatever its roles: `true` when/,
    );
    expect(JSON.stringify(canManage.responses)).not.toContain('MANAGE_DEVICES');
  });
});

const AUTHENTICATED = JSON.stringify([{ basic: [] }, { bearer: [] }]);

interface Operation {
  description?: string;
  security?: unknown[];
  responses: Record<string, { description: string }>;
}

describe('routes: a route that declares nothing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, [ForgottenModule]);
  });
  afterAll(() => t.close());

  it('is still denied to anonymous callers, and the table flags it', async () => {
    expect((await t.http.get('/test/forgotten')).status).toBe(401);
    expect((await t.http.get('/test/forgotten').set('authorization', ADMIN_AUTH)).body).toEqual({
      reached: true,
    });
    expect(routeTable(t).filter((row) => row.access === 'UNDECLARED')).toEqual([
      { route: 'GET /test/forgotten', access: 'UNDECLARED', piped: false, intercepted: false },
    ]);
  });
});
