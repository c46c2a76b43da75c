import { Controller, Get, Module, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC, REQUIRED_ROLES } from '../src/core/auth/authenticated.decorator';
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

interface RouteAccess {
  route: string;
  access: string;
}

/** Every route of the application with who may call it, read from the decorators the guard reads. */
function routeTable(t: TestApp): RouteAccess[] {
  const rows: RouteAccess[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
      for (const name of Object.getOwnPropertyNames(metatype.prototype)) {
        const handler = metatype.prototype[name];
        const path = Reflect.getMetadata(PATH_METADATA, handler);
        if (name === 'constructor' || path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const route = `${method} /${[base, path].filter((part) => part && part !== '/').join('/')}`;
        const isPublic = Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, metatype);
        const roles: string[] | undefined =
          Reflect.getMetadata(REQUIRED_ROLES, handler) ?? Reflect.getMetadata(REQUIRED_ROLES, metatype);
        const access = isPublic
          ? 'PUBLIC'
          : roles === undefined
            ? 'UNDECLARED'
            : roles.length === 0
              ? 'any authenticated'
              : roles.join(' | ');
        rows.push({ route, access });
      }
    }
  }
  return rows.sort((a, b) => a.route.localeCompare(b.route));
}

describe('routes: who can reach what', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('declares access on every route (@Public or @Authenticated) and matches the reviewed table', () => {
    const table = routeTable(t);
    console.log(table.map(({ route, access }) => `${route.padEnd(60)} ${access}`).join('\n'));
    expect(table.filter((row) => row.access === 'UNDECLARED')).toEqual([]);
    // A change in who can reach what shows up here, in review.
    expect(table).toMatchSnapshot();
  });
});

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
      { route: 'GET /test/forgotten', access: 'UNDECLARED' },
    ]);
  });
});
