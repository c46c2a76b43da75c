import {
  type ArgumentMetadata,
  type CanActivate,
  type ExceptionFilter,
  ForbiddenException,
  type PipeTransform,
  RequestMethod,
  type Type,
} from '@nestjs/common';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
  REDIRECT_METADATA,
  RENDER_METADATA,
  RESPONSE_PASSTHROUGH_METADATA,
  SSE_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { RouteParamsFactory } from '@nestjs/core/router/route-params-factory';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { isObservable, lastValueFrom } from 'rxjs';
import type { RouteHandler } from './around-handler';
import { type DeclaredArgument, declaredArguments, PIPED_ARGUMENTS, type RouteSite } from './route-handlers';

/** Where prepareRouteHandlers leaves a handler's site, as Fastify route config (Nest's @RouteConfig). */
export const ROUTE_SITE = Symbol('route-site');

/** One argument of a route, ready to be taken from each request. */
interface Argument {
  index: number;
  read: (request: FastifyRequest, reply: FastifyReply, context: ExecutionContextHost) => unknown;
  pipes: PipeTransform[];
  /** What the argument's pipes are told (undefined `type`: an argument no pipe runs on). */
  metadata: ArgumentMetadata;
}

/** Route features Nest's router serves and this one does not: a route declaring one fails at start-up. */
const UNSERVED = {
  interceptors: INTERCEPTORS_METADATA,
  'exception filters': EXCEPTION_FILTERS_METADATA,
  'method or controller pipes': PIPES_METADATA,
  redirect: REDIRECT_METADATA,
  render: RENDER_METADATA,
  'server-sent events': SSE_METADATA,
};

/**
 * Serves every Nest route with one function registered on Fastify in place of Nest's router execution
 * context. Nest's own settles each request through a dozen promises (its proxy, the guards consumer,
 * each guard's result, the handler, the response transform and send), each paying the request context's
 * async hooks; here a request costs the promises its guards and handler make. Same steps, same order,
 * same metadata: an empty path parameter answered 404 (as Nest's adapter does), the global guard, then
 * the controller's and the method's guards (anything but `true` is Nest's 403), the status (@HttpCode,
 * or 201 for POST) and @Header headers, the arguments (Nest's own extraction, an argument's own pipes,
 * custom decorators), the handler, and the value sent unless the handler took the reply (@Res() without
 * passthrough; a StreamableFile is not served); any error goes to the one exception filter. A route
 * using a feature this does not serve (interceptors, route filters, method pipes, redirect, render,
 * SSE) is refused at start-up rather than served without it. Registered before `app.init()`, when Nest
 * adds its routes; Fastify's own routes (liveness, Swagger UI) carry no site and are left as they are.
 */
export function serveRoutesDirectly(app: NestFastifyApplication, platform: Platform): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const site = (route.config as Record<symbol, RouteSite> | undefined)?.[ROUTE_SITE];
    if (!site) return;
    refuseMisreadParameters(route.url, site);
    route.handler = directHandler(app, platform, site, route.url);
  });
}

/**
 * Nest's adapter matches a path whose parameters Fastify's router reads differently from Nest (a name
 * used twice, keeping one value; a name ended by another character than `/`, `-` or `.`) against the
 * whole request path itself. No route has one: refused rather than matched again here.
 */
function refuseMisreadParameters(url: string, { controller, name }: RouteSite): void {
  const names = [...url.matchAll(/:([A-Za-z0-9_$]+)(.?)/g)];
  const misread = names.find(([, , next]) => next !== '' && !'/-.'.includes(next));
  const repeated = names.find(([, param], i) => names.findIndex(([, other]) => other === param) !== i);
  if (misread || repeated)
    throw new Error(
      `${(controller as Type).name}.${name}: the path parameter :${(misread ?? repeated)![1]} in ${url} is read differently by Fastify's router`,
    );
}

/** A path parameter left empty (`/tenants//users`): Nest's adapter answers 404, as if no route matched. */
function hasEmptyParameter(params: Record<string, string>): boolean {
  for (const name in params) if (params[name] === '' && name !== '*') return true;
  return false;
}

/** What the app applies to every route: its global guards (APP_GUARD) and its one exception filter. */
export interface Platform {
  guards: CanActivate[];
  filter: ExceptionFilter;
}

function directHandler(
  app: NestFastifyApplication,
  { guards: global, filter }: Platform,
  site: RouteSite,
  url: string,
) {
  const { name, method } = site;
  const controller = site.controller as Type;
  const callback = (controller.prototype as Record<string, RouteHandler>)[name];
  for (const [feature, key] of Object.entries(UNSERVED))
    if ([callback, controller].some((target) => hasMetadata(key, target)))
      throw new Error(`${controller.name}.${name}: ${feature} are not served (core/http/direct-routes.ts)`);
  const instance = app.get<Type, object>(controller, { strict: false });
  const guards = [
    ...global,
    ...[controller, callback].flatMap((target) =>
      resolved<CanActivate>(app, metadata(GUARDS_METADATA, target)),
    ),
  ];
  const status =
    (Reflect.getMetadata(HTTP_CODE_METADATA, callback) as number | undefined) ??
    (method === RequestMethod.POST ? 201 : 200);
  const headers = metadata<{ name: string; value: string | (() => string) }>(HEADERS_METADATA, callback);
  const declared = declaredArguments(site);
  const args = argumentsOf(app, site, declared);
  const length = Math.max(0, ...args.map(({ index }) => index + 1));
  // The handler sends its own answer when it takes the reply (or `next`) without passthrough (Nest's rule).
  const handled =
    declared.some(({ kind }) => kind === RouteParamtypes.RESPONSE || kind === RouteParamtypes.NEXT) &&
    Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, controller, name) !== true;

  const hasParameters = url.includes(':');
  // Settles with the reply, a thenable Fastify waits on until the answer is out: an async onSend hook
  // (an idempotent answer being stored) may still hold it, and settling with nothing then would make
  // Fastify send an empty answer over it.
  return async function serve(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    if (hasParameters && hasEmptyParameter(request.params as Record<string, string>)) {
      reply.callNotFound();
      return reply;
    }
    const context = new ExecutionContextHost([request, reply, undefined], controller, callback);
    try {
      for (const guard of guards) {
        let allowed = guard.canActivate(context);
        if (isThenable(allowed)) allowed = await allowed;
        else if (isObservable(allowed)) allowed = await lastValueFrom(allowed);
        if (allowed !== true) throw new ForbiddenException('Forbidden resource');
      }
      void reply.status(status);
      for (const { name, value } of headers)
        void reply.header(name, typeof value === 'function' ? value() : value);
      const values = new Array<unknown>(length).fill(undefined);
      for (const argument of args) {
        let value = argument.read(request, reply, context);
        // A custom decorator's promise is settled, as Nest does; never the reply (a thenable too).
        if (argument.metadata.type === 'custom' && isThenable(value)) value = await value;
        for (const pipe of argument.pipes) {
          value = pipe.transform(value, argument.metadata);
          if (isThenable(value)) value = await value;
        }
        values[argument.index] = value;
      }
      let result = callback.apply(instance, values);
      if (isThenable(result)) result = await result;
      else if (isObservable(result)) result = await lastValueFrom(result);
      if (!handled && !reply.sent) void reply.send(result);
    } catch (error) {
      await filter.catch(error, context);
    }
    return reply;
  };
}

function argumentsOf(app: NestFastifyApplication, site: RouteSite, declared: DeclaredArgument[]): Argument[] {
  const params = new RouteParamsFactory();
  return declared.map(({ kind, index, data, pipes = [], factory, metatype }) => {
    if (kind === 'custom') {
      if (pipes.length) throw new Error(`${site.name}: pipes on a custom argument are not served`);
      return {
        index,
        read: (_request, _reply, context): unknown => factory?.(data, context),
        pipes: [],
        metadata: { type: 'custom' as const, data, metatype },
      };
    }
    const type = PIPED_ARGUMENTS.get(kind);
    if (pipes.length && !type)
      throw new Error(`${site.name}: pipes on ${RouteParamtypes[kind]} are not served`);
    return {
      index,
      read: (request, reply): unknown =>
        params.exchangeKeyForValue(kind, data as string, {
          req: request,
          res: reply,
          next: undefined as never,
        }),
      pipes: resolved<PipeTransform>(app, pipes),
      metadata: { type: type as ArgumentMetadata['type'], data, metatype },
    };
  });
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';

/** Enhancers as Nest declares them (classes from the app's injector, or instances as they are). */
function resolved<T>(app: NestFastifyApplication, declared: unknown[]): T[] {
  return declared.map((item) =>
    typeof item === 'function' ? app.get<Type, T>(item as Type, { strict: false }) : (item as T),
  );
}

function metadata<T = unknown>(key: string, target: object): T[] {
  return (Reflect.getMetadata(key, target) ?? []) as T[];
}

function hasMetadata(key: string, target: object): boolean {
  const value: unknown = Reflect.getMetadata(key, target);
  return Array.isArray(value) ? value.length > 0 : value !== undefined;
}
