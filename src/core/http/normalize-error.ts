import { HttpException } from '@nestjs/common';
import { AppException, type FieldError, platformCodeFor } from './app.exception';

export interface ClientError {
  status: number;
  code: string;
  message: string;
  fields: FieldError[];
  headers: Record<string, string>;
  details: Record<string, unknown>;
  /** The error is ours to hide: log it whole, tell the client only "internal error". */
  internal: boolean;
}

/** Fastify's own errors (body too large, bad JSON, wrong media type) carry a safe 4xx message. */
interface FastifyError extends Error {
  statusCode?: number;
  code?: string;
}

/** Turns anything thrown into what a client may see. Nothing else reaches the wire. */
export function normalizeError(error: unknown): ClientError {
  if (error instanceof AppException) {
    return {
      ...base(error.status, error.message, error.code),
      fields: error.fields,
      headers: error.headers,
      details: error.details,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 503) return base(503, 'service unavailable'); // readiness: say no more than that
    return status >= 500 ? internal() : base(status, httpExceptionMessage(error));
  }
  const fastify = error as FastifyError;
  if (typeof fastify?.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return base(fastify.statusCode, fastify.message);
  }
  return internal();
}

function base(status: number, message: string, code = platformCodeFor(status)): ClientError {
  return { status, code, message, fields: [], headers: {}, details: {}, internal: false };
}

function internal(): ClientError {
  return { ...base(500, 'internal error'), internal: true };
}

function httpExceptionMessage(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}
