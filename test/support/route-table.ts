import { RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { DEVICE_ACCESS, IS_PUBLIC, REQUIRED_ROLES } from '../../src/core/auth/authenticated.decorator';
import { isPiped } from '../../src/core/transaction/request-pipeline';
import type { TestApp } from './test-app';

export interface RouteAccess {
  route: string;
  access: string;
  /** Whether Nest runs the platform's request pipeline on it (requestPipeline). */
  piped: boolean;
  /** Whether it has a Nest interceptor of its own or its controller's (each puts rxjs on every request). */
  intercepted: boolean;
}

/** Every route of the application with who may call it, read from the decorators the guard reads. */
export function routeTable(t: TestApp): RouteAccess[] {
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
        const device =
          Reflect.getMetadata(DEVICE_ACCESS, handler) ?? Reflect.getMetadata(DEVICE_ACCESS, metatype);
        const access = isPublic
          ? 'PUBLIC'
          : roles === undefined
            ? 'UNDECLARED'
            : roles.length === 0
              ? 'any authenticated user'
              : roles.join(' | ');
        const piped = isPiped(handler);
        const intercepted = [handler, metatype].some(
          (target) => ((Reflect.getMetadata(INTERCEPTORS_METADATA, target) ?? []) as unknown[]).length > 0,
        );
        // A device principal reaches only the routes that admit its own device.
        rows.push({
          route,
          access: device === 'self' ? `${access} | its own device` : access,
          piped,
          intercepted,
        });
      }
    }
  }
  return rows.sort((a, b) => a.route.localeCompare(b.route));
}
