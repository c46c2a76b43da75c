import type { Paramtype, PipeTransform, RequestMethod, Type } from '@nestjs/common';
import { CUSTOM_ROUTE_ARGS_METADATA, METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { CustomParamFactory } from '@nestjs/common/interfaces';
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

/** One argument of a route handler, as Nest's decorators recorded it, with its declared type. */
export interface DeclaredArgument {
  kind: RouteParamtypes | 'custom';
  index: number;
  data?: string;
  pipes?: (PipeTransform | Type<PipeTransform>)[];
  factory?: CustomParamFactory;
  metatype?: Type;
}

/** The arguments pipes run on, by the names Nest's pipes are given. */
export const PIPED_ARGUMENTS: ReadonlyMap<RouteParamtypes, Paramtype> = new Map([
  [RouteParamtypes.BODY, 'body'],
  [RouteParamtypes.QUERY, 'query'],
  [RouteParamtypes.PARAM, 'param'],
]);

/** A handler's arguments (ROUTE_ARGS_METADATA, keyed `kind:index`; design:paramtypes for their types). */
export function declaredArguments({ controller, name }: RouteSite): DeclaredArgument[] {
  const declared = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
    string,
    Omit<DeclaredArgument, 'kind' | 'metatype'>
  >;
  const prototype = (controller as Type).prototype as object;
  const types = (Reflect.getMetadata('design:paramtypes', prototype, name) ?? []) as (Type | undefined)[];
  return Object.entries(declared).map(([key, argument]) => ({
    ...argument,
    kind: key.includes(CUSTOM_ROUTE_ARGS_METADATA)
      ? 'custom'
      : (Number(key.split(':')[0]) as RouteParamtypes),
    metatype: types[argument.index],
  }));
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
