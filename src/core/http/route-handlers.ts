import type { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { DiscoveryService } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import type { RouteHandler } from './around-handler';
import { ROUTE_SITE } from './direct-routes';

/** Where a route handler is declared. */
export interface RouteSite {
  controller: object;
  name: string;
  method: RequestMethod;
}

/** A step the platform puts on route handlers in place of a Nest interceptor or global pipe. */
export interface RouteWrapper {
  /** Once per app: what that app's requests need to find its own services. */
  attach(app: NestFastifyApplication): void;
  /** Once per process: the handler Nest registers for the route, `handler` itself when nothing applies. */
  wrap(handler: RouteHandler, site: RouteSite): RouteHandler;
}

/** The handlers already prepared: a second app in the process finds its controllers' methods wrapped. */
const prepared = new WeakSet<RouteHandler>();

/**
 * Wraps every route handler of the app's controllers with `wrappers`, each around the previous one (the
 * last runs first), under the handler's own name and metadata. Route metadata lives on the controller
 * classes, which every app in the process shares, so each handler is wrapped once, and each wrapper
 * attaches to every app. Called before `app.init()`, which builds each route from the controllers' methods.
 */
export function prepareRouteHandlers(app: NestFastifyApplication, wrappers: RouteWrapper[]): void {
  for (const wrapper of wrappers) wrapper.attach(app);
  for (const { instance } of app.get(DiscoveryService).getControllers()) {
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (typeof handler !== 'function' || prepared.has(handler as RouteHandler)) continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const site: RouteSite = { controller: prototype.constructor, name, method };
      const ready = wrappers.reduce(
        (current, wrapper) => wrapper.wrap(current, site),
        handler as RouteHandler,
      );
      // Nest hands a handler's route config to Fastify: how direct-routes finds the route's site.
      Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { [ROUTE_SITE]: site }, ready);
      prepared.add(ready);
      prototype[name] = ready;
    }
  }
}
