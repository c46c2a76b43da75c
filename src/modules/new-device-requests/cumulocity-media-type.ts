import {
  applyDecorators,
  HttpStatus,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiConsumes, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { PlatformErrorCode, PlatformException } from '../../core/http/app.exception';

const MEDIA_TYPE = 'cumulocity:media-type';
const CONSUMES = 'cumulocity:consumes';

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

/** Applies the two rules above to whatever the handler returns (status and headers stay as they are). */
@Injectable()
export class CumulocityMediaTypeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const type = this.reflector.get<string>(MEDIA_TYPE, context.getHandler());
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const accept = request.headers.accept;
    if (this.reflector.get<boolean>(CONSUMES, context.getHandler()) && !isJsonBody(request))
      throw new PlatformException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        PlatformErrorCode.UNSUPPORTED_MEDIA_TYPE,
        `Content-Type must be ${vendorMediaType(type)} or application/json`,
      );
    return next.handle().pipe(
      map((body: unknown) => {
        void reply.type(responseMediaType(type, accept));
        return wantsEmptyBody(request.method, accept) ? undefined : body;
      }),
    );
  }
}

/**
 * Declares a route's Cumulocity media type (`newDeviceRequest`, `deviceCredentials`, ...): requests may
 * send it or plain JSON; responses follow the caller's Accept (see responseMediaType and wantsEmptyBody).
 */
export function CumulocityMediaType(type: string, options: { consumes?: boolean } = {}): MethodDecorator {
  const vendor = vendorMediaType(type);
  return applyDecorators(
    SetMetadata(MEDIA_TYPE, type),
    SetMetadata(CONSUMES, options.consumes === true),
    UseInterceptors(CumulocityMediaTypeInterceptor),
    ApiProduces(vendor, 'application/json'),
    ...(options.consumes ? [ApiConsumes(vendor, 'application/json')] : []),
  );
}
