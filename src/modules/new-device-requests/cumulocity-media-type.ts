import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  HttpStatus,
  UseGuards,
} from '@nestjs/common';
import { ApiConsumes, ApiProduces } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { PlatformErrorCode, PlatformException } from '../../core/http/app.exception';
import { aroundHandler, type RouteHandler } from '../../core/http/around-handler';

/** Fastify also parses text/plain; these routes take JSON only (no body at all is left to validation). */
const JSON_CONTENT = /^application\/(json|[\w.+-]+\+json)\s*(;|$)/i;
const isJsonBody = (request: FastifyRequest): boolean =>
  request.body === undefined || JSON_CONTENT.test(request.headers['content-type'] ?? '');

/** `application/vnd.com.nsn.cumulocity.<type>+json`, any case, with or without `;ver=...`. */
const VENDOR_TYPE = /application\/vnd\.com\.nsn\.cumulocity\.[\w.-]+\+json/i;

/** The version Cumulocity's own services answer with. */
const VERSION = '0.9';

export const vendorMediaType = (type: string): string => `application/vnd.com.nsn.cumulocity.${type}+json`;

/**
 * What to answer with: the route's vendor type when the client asked for any Cumulocity type (its
 * clients send the vendor type they expect, in whatever case), plain JSON for everyone else.
 */
export function responseMediaType(type: string, accept: string | undefined): string {
  if (accept && VENDOR_TYPE.test(accept)) return `${vendorMediaType(type)};charset=UTF-8;ver=${VERSION}`;
  return 'application/json; charset=utf-8';
}

/** The spec: "for all PUT/POST requests accept header should be provided, otherwise an empty response body". */
export function wantsEmptyBody(method: string, accept: string | undefined): boolean {
  return (method === 'POST' || method === 'PUT') && !accept?.trim();
}

/** The 415 of a route that takes JSON only: a guard, so it comes before validation (and the key's claim). */
const jsonBodyOnly = (type: string): CanActivate => ({
  canActivate: (context: ExecutionContext) => {
    if (isJsonBody(context.switchToHttp().getRequest<FastifyRequest>())) return true;
    throw new PlatformException(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      PlatformErrorCode.UNSUPPORTED_MEDIA_TYPE,
      `Content-Type must be ${vendorMediaType(type)} or application/json`,
    );
  },
});

/**
 * Applies the two rules above to whatever the handler returns (status and headers stay as they are),
 * around the method itself: a Nest interceptor would put its rxjs chain on every request of the route,
 * the device credentials poll included.
 */
const answersIn =
  (type: string): MethodDecorator =>
  (_target, _key, descriptor) => {
    const handler = descriptor.value as unknown as RouteHandler;
    descriptor.value = aroundHandler(handler, async ({ request, reply }, proceed) => {
      const body = await proceed();
      void reply.type(responseMediaType(type, request.headers.accept));
      return wantsEmptyBody(request.method, request.headers.accept) ? undefined : body;
    }) as typeof descriptor.value;
  };

/**
 * Declares a route's Cumulocity media type (`newDeviceRequest`, `deviceCredentials`, ...): requests may
 * send it or plain JSON; responses follow the caller's Accept (see responseMediaType and wantsEmptyBody).
 */
export function CumulocityMediaType(type: string, options: { consumes?: boolean } = {}): MethodDecorator {
  const vendor = vendorMediaType(type);
  return applyDecorators(
    answersIn(type),
    ...(options.consumes ? [UseGuards(jsonBodyOnly(type)), ApiConsumes(vendor, 'application/json')] : []),
    ApiProduces(vendor, 'application/json'),
  );
}
