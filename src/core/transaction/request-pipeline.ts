import { type CanActivate, type ExecutionContext, Injectable, RequestMethod } from '@nestjs/common';
import { GUARDS_METADATA, HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { aroundHandler, type RouteHandler } from '../http/around-handler';
import type { RouteSite, RouteWrapper } from '../http/route-handlers';
import { IdempotencyGuard } from '../idempotency/idempotency.guard';
import { IdempotentRequests } from '../idempotency/idempotent-requests';
import { secretsInAnswer } from '../idempotency/secrets-in-answer.decorator';
import { TRANSACTIONAL } from './tokens';
import { type RouteTraits, UnitOfWork } from './unit-of-work';

/** Methods that change nothing: no key, no audit; a transaction only where a handler asks for one. */
const READS = new Set([RequestMethod.GET, RequestMethod.HEAD, RequestMethod.OPTIONS]);

/**
 * The platform's pipeline on every route that can change state (requestPipeline): the
 * idempotency key's claim (IdempotencyGuard, the route's last guard), then around the handler the unit of
 * work (transaction, audit) and, inside the transaction, the key's commit mark: once the handler of a
 * keyed request succeeded, the key is marked `committed` in that transaction, so a process that dies
 * between the commit and storing the answer leaves a key that is never run again (IdempotencyKeys.claim).
 * Not Nest interceptors: Nest wraps every request of an intercepted route in rxjs layers, a
 * ReplaySubject and an async resource, about a tenth of a poll's CPU; a request that needs none of the
 * steps (no key, no transaction, no audit: a poll) runs its handler as it is.
 */
@Injectable()
export class RequestPipeline {
  constructor(
    readonly claim: IdempotencyGuard,
    private readonly unitOfWork: UnitOfWork,
    private readonly requests: IdempotentRequests,
  ) {}

  run(route: RouteTraits, request: FastifyRequest, reply: FastifyReply, handler: () => unknown): unknown {
    const marked = this.requests.holdsKey(request)
      ? async () => {
          const value = await handler();
          await this.requests.markCommitted(request);
          return value;
        }
      : handler;
    return this.unitOfWork.run(route, request, reply, marked);
  }
}

/** The request's own app's pipeline (a getter on that app's Fastify requests: see requestPipeline). */
const PIPELINE = 'requestPipeline';
type Piped = FastifyRequest & Record<typeof PIPELINE, RequestPipeline>;

/**
 * What the routes' metadata holds: one guard for the whole process (route metadata lives on the
 * controller classes, which every app in the process shares, e.g. two instances in one test), reaching
 * the claim of the app the request came to.
 */
const requestsOwnClaim: CanActivate = {
  canActivate: (context: ExecutionContext) =>
    context.switchToHttp().getRequest<Piped>()[PIPELINE].claim.canActivate(context),
};

/** Marks a handler that runs the pipeline; kept by the wrappers put around it later (their metadata is copied). */
const PIPED = Symbol('request-pipeline');

/**
 * Puts the pipeline on each route handler that can change state (any method but GET, HEAD and OPTIONS)
 * or that is @Transactional: the claim last among its guards (not on a route marked SecretsInAnswer), the
 * rest around the method itself (its metadata copied over); reads get neither.
 */
export const requestPipeline: RouteWrapper = {
  attach(app: NestFastifyApplication): void {
    const pipeline = app.get(RequestPipeline);
    app
      .getHttpAdapter()
      .getInstance()
      .decorateRequest(PIPELINE, { getter: () => pipeline });
  },
  wrap(handler: RouteHandler, { method }: RouteSite): RouteHandler {
    if (READS.has(method) && Reflect.getMetadata(TRANSACTIONAL, handler) === undefined) return handler;
    return throughPipeline(handler);
  },
};

/** Whether a route handler runs through the pipeline (the routes test lists it). */
export const isPiped = (handler: unknown): boolean =>
  Reflect.getMetadata(PIPED, handler as RouteHandler) === true;

function throughPipeline(handler: RouteHandler): RouteHandler {
  const route: RouteTraits = {
    transactional: Reflect.getMetadata(TRANSACTIONAL, handler) as RouteTraits['transactional'],
    httpCode: Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined,
  };
  const piped = aroundHandler(handler, ({ request, reply }, proceed) =>
    (request as Piped)[PIPELINE].run(route, request, reply, proceed),
  );
  const guards = (Reflect.getMetadata(GUARDS_METADATA, handler) ?? []) as unknown[];
  const claim = secretsInAnswer(handler) ? [] : [requestsOwnClaim];
  Reflect.defineMetadata(GUARDS_METADATA, [...guards, ...claim], piped);
  Reflect.defineMetadata(PIPED, true, piped);
  return piped;
}
