import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  RequestMethod,
} from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { DiscoveryService } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Observable } from 'rxjs';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { IdempotencyCommitInterceptor } from '../idempotency/idempotency-commit.interceptor';
import { TRANSACTIONAL } from './tokens';
import { UnitOfWorkInterceptor } from './unit-of-work.interceptor';

/** Methods that change nothing: no key, no audit; a transaction only where a handler asks for one. */
const READS = new Set([RequestMethod.GET, RequestMethod.HEAD, RequestMethod.OPTIONS]);

/**
 * The platform's interceptor on every route that can change state (attachRequestPipeline): the
 * idempotency key's claim, then the unit of work (transaction, audit), then, inside the transaction, the
 * key's commit mark, chained here rather than registered as three. Nest wraps every interceptor of a
 * route in its own rxjs layers and async resource on every request; here a request that needs none of
 * the steps (no key, no transaction, no audit: a poll) gets Nest's handler back unwrapped.
 */
@Injectable()
export class RequestPipelineInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyInterceptor,
    private readonly unitOfWork: UnitOfWorkInterceptor,
    private readonly commitMark: IdempotencyCommitInterceptor,
  ) {}

  intercept(context: ExecutionContext, handler: CallHandler): Observable<unknown> {
    // Each step calls the next one's handle() only once it goes on (the commit mark after the claim).
    const marked: CallHandler = { handle: () => this.commitMark.intercept(context, handler) };
    const unitOfWork: CallHandler = { handle: () => this.unitOfWork.intercept(context, marked) };
    return this.idempotency.intercept(context, unitOfWork);
  }
}

/** The request's own app's pipeline (a getter on that app's Fastify requests: see attachRequestPipeline). */
const PIPELINE = 'requestPipeline';

/**
 * What the routes' metadata holds: one object for the whole process (route metadata lives on the
 * controller classes, which every app in the process shares, e.g. two instances in one test), reaching
 * the pipeline of the app the request came to.
 */
const requestsOwnPipeline: NestInterceptor = {
  intercept: (context, next) =>
    context
      .switchToHttp()
      .getRequest<Record<typeof PIPELINE, NestInterceptor>>()
      [PIPELINE].intercept(context, next),
};

/**
 * Puts the pipeline first on each route handler that can change state (any method but GET, HEAD and
 * OPTIONS) or that is @Transactional; reads get no interceptor at all, so Nest calls them directly.
 * Called before `app.init()`, which builds each route's interceptors from this metadata.
 */
export function attachRequestPipeline(app: NestFastifyApplication): void {
  const pipeline = app.get(RequestPipelineInterceptor);
  app
    .getHttpAdapter()
    .getInstance()
    .decorateRequest(PIPELINE, { getter: () => pipeline });
  for (const { instance } of app.get(DiscoveryService).getControllers()) {
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      if (READS.has(method) && Reflect.getMetadata(TRANSACTIONAL, handler) === undefined) continue;
      const own = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? []) as unknown[];
      if (!own.includes(requestsOwnPipeline))
        Reflect.defineMetadata(INTERCEPTORS_METADATA, [requestsOwnPipeline, ...own], handler);
    }
  }
}
