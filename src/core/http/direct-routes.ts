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
import { problemJsonShape } from './error-shape';
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

/** What a request is answered when the exception filter itself fails: nothing of the error told. */
const FILTER_FAILED = JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500 });

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
 * context. Nest's own settles each request through a dozen promises (its proxy, the guards consumer, each
 * guard's result, the handler, the response transform and send), each paying the request context's async
 * hooks; here a request costs the promises its guards and handler make, and one `.then` for each of them
 * that answers with a promise. Same steps, same order, same metadata: an empty path parameter answered 404
 * (as Nest's adapter does), the global guard, then the controller's and the method's guards (anything but
 * `true` is Nest's 403), the status (@HttpCode, or 201 for POST) and @Header headers, the arguments (Nest's
 * own extraction, an argument's own pipes, custom decorators), the handler, and the value sent unless the
 * handler took the reply (@Res() without passthrough; a StreamableFile is not served); any error goes to
 * the one exception filter. A route using a feature this does not serve (interceptors, route filters,
 * method pipes, redirect, render, SSE) is refused at start-up rather than served without it. Registered
 * before `app.init()`, when Nest adds its routes; Fastify's own routes (liveness, Swagger UI) carry no site
 * and are left as they are.
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
  // Answers through the reply and returns nothing: each step that waits (a guard's or the handler's
  // promise) costs one `.then`, where an async function returned to Fastify cost its own promise, one per
  // await and Fastify's `.then` on it. Returning nothing also leaves an answer held on its way out (an
  // async onSend hook storing an idempotent answer) to finish; Fastify sends nothing over it.
  return function serve(request: FastifyRequest, reply: FastifyReply): void {
    if (hasParameters && hasEmptyParameter(request.params as Record<string, string>)) {
      reply.callNotFound();
      return;
    }
    const context = new ExecutionContextHost([request, reply, undefined], controller, callback);
    const values = new Array<unknown>(length).fill(undefined);
    const fail = (error: unknown): void =>
      settle((): unknown => filter.catch(error, context), undefined, lastResort);
    // The filter itself failed: a bare 500 here, not Fastify's error handler (Nest's, which would ask the
    // same filter again). Must not throw: it may run in a promise's reaction.
    const lastResort = (error: unknown): void => {
      try {
        reply.log.error({ err: error }, 'the exception filter failed');
        if (!reply.sent) void reply.code(500).type(problemJsonShape.contentType).send(FILTER_FAILED);
      } catch {
        // Fastify cannot send now (it is answering an error of its own): it ends the request itself.
      }
    };

    const guard = (index: number): void => {
      if (index === guards.length) return prepare();
      settle(
        () => awaitable(guards[index].canActivate(context)),
        (allowed) => {
          if (allowed !== true) throw new ForbiddenException('Forbidden resource');
          guard(index + 1);
        },
        fail,
      );
    };
    const prepare = (): void => {
      void reply.status(status);
      for (const { name, value } of headers)
        void reply.header(name, typeof value === 'function' ? value() : value);
      argument(0);
    };
    const argument = (index: number): void => {
      if (index === args.length) return handle();
      const { read, metadata } = args[index];
      const value = read(request, reply, context);
      // A custom decorator's promise is settled, as Nest does; never the reply (a thenable too).
      if (metadata.type === 'custom')
        settle(
          () => value,
          (settled) => pipe(index, 0, settled),
          fail,
        );
      else pipe(index, 0, value);
    };
    const pipe = (index: number, step: number, value: unknown): void => {
      const { pipes, metadata, index: position } = args[index];
      if (step === pipes.length) {
        values[position] = value;
        return argument(index + 1);
      }
      settle(
        (): unknown => pipes[step].transform(value, metadata),
        (piped) => pipe(index, step + 1, piped),
        fail,
      );
    };
    const handle = (): void =>
      settle(
        () => awaitable(callback.apply(instance, values)),
        (result) => {
          if (!handled && !reply.sent) void reply.send(result);
        },
        fail,
      );

    // Each wait sends its failure to the filter, and what runs on at once from a step is in that step's
    // `settle`; this one holds what runs before the first (only with no guard).
    settle(() => guard(0), undefined, fail);
  };
}

/**
 * Runs `step`, then `next` with its value: at once when it is plain, else when it settles (one `.then`).
 * Anything `step` or `next` throws, and a rejection, goes to `fail`, which must not throw. A thenable
 * that is not a promise (a handler returning the reply) is adopted by one, as `await` did: called back
 * once, later, in the request's context.
 */
function settle<T>(
  step: () => T | PromiseLike<T>,
  next: ((value: T) => void) | undefined,
  fail: (error: unknown) => void,
): void {
  try {
    const value = step();
    if (!isThenable(value)) return next?.(value);
    (value instanceof Promise ? value : Promise.resolve(value)).then((settled: T) => {
      try {
        next?.(settled);
      } catch (error) {
        fail(error);
      }
    }, fail);
  } catch (error) {
    fail(error);
  }
}

/** A guard's or handler's answer, an observable read as the promise of its last value (as Nest does). */
const awaitable = (value: unknown): unknown => (isObservable(value) ? lastValueFrom(value) : value);

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
