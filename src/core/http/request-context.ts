import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CLS_ID, CLS_REQ, type ClsService, ClsServiceManager } from 'nestjs-cls';
import { type ErrorShape, problemJsonShape } from './error-shape';
import type { ErrorShapes } from './error-shapes';

const REQUEST = Symbol('fastify-request');
const REPLY = Symbol('fastify-reply');
/** The error shape of the API the request belongs to, resolved once as it comes in. */
export const ERROR_SHAPE = Symbol('error-shape');
const SLASH = 47;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: the route is served outside the request context (see registerRequestContext). */
    requestContext?: boolean;
  }
}

/**
 * Opens each request's context (nestjs-cls: the transaction, audit and compensation scope live in it;
 * it holds the request id and the raw request, as nestjs-cls's middleware stored them, and Fastify's
 * request and reply for code that Nest calls without them: currentExchange; and the error shape of its
 * API, which the validation pipe reads on every argument: currentErrorShape) in a Fastify
 * onRequest hook, and sends the request id back (echoRequestId). nestjs-cls's own middleware does the
 * same through middie, with several awaits and middie's copying of request fields on every request;
 * this is one hook, the only one every request runs through. Added before Nest registers its routes,
 * so every route and the 404 run in the context, except a route whose config says `requestContext: false`
 * (liveness): it reads no context, and opening one is a measurable part of what such a request costs.
 */
export function registerRequestContext(fastify: FastifyInstance, cls: ClsService, shapes: ErrorShapes): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    // A target that is not a path (`*api/...`, which the router still matches, or an absolute URL) is
    // no route: what reads the request's path (links, fingerprints) would misread it. Nest's adapter
    // made the same check (LeanFastifyAdapter leaves its hook out), letting absolute URLs through.
    if (request.raw.url?.charCodeAt(0) !== SLASH && !request.is404) return reply.callNotFound();
    // Read once: Fastify builds a new routeOptions object on each read.
    const { url, config } = request.routeOptions;
    const shape = shapes.forRequest(request, url);
    echoRequestId(reply, request.id, shape);
    if (config?.requestContext === false) return done();
    cls.runWith(
      {
        [CLS_ID]: request.id,
        [CLS_REQ]: request.raw,
        [REQUEST]: request,
        [REPLY]: reply,
        [ERROR_SHAPE]: shape,
      },
      done,
    );
  });
}

/**
 * The request id on the answer: X-Request-ID, and the API's own header where it has one (Mender's
 * X-MEN-RequestID). Set as the request comes in; the exception filter sets it too, for the router's
 * errors, which Fastify answers before any hook.
 */
export function echoRequestId(reply: FastifyReply, id: string, shape: ErrorShape): void {
  void reply.header('x-request-id', id);
  if (shape.requestIdHeader) void reply.header(shape.requestIdHeader, id);
}

/** The request being served and its reply, for code Nest calls while serving it (a route handler). */
export function currentExchange(): { request: FastifyRequest; reply: FastifyReply } {
  // The process-wide ClsService: every app in the process shares nestjs-cls's one async context.
  const cls = ClsServiceManager.getClsService();
  const request = cls.get<FastifyRequest | undefined>(REQUEST);
  if (!request) throw new Error('currentExchange() called outside a request');
  return { request, reply: cls.get<FastifyReply>(REPLY) };
}

/** The error shape of the API the request being served belongs to; problem+json outside a request. */
export function currentErrorShape(): ErrorShape {
  return ClsServiceManager.getClsService().get<ErrorShape | undefined>(ERROR_SHAPE) ?? problemJsonShape;
}
