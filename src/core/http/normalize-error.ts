import { HttpException } from '@nestjs/common';
import { isValueTooLong } from '../database/database-errors';
import { databaseUnavailableCause } from '../database/database-unavailable';
import { AppException, type FieldError, platformCodeFor } from './app.exception';

/**
 * What a 503 asks the client to wait before retrying, in seconds: long enough for a pool to
 * reconnect or a Galera node to rejoin the primary component (~6 s stall measured), short enough
 * that a client does not sit idle through a blip.
 */
export const RETRY_AFTER_SECONDS = 5;
export const DATABASE_UNAVAILABLE = 'the database is unavailable, retry later';
export const VALUE_TOO_LONG = 'a value is longer than its field holds';

export interface ClientError {
  status: number;
  code: string;
  message: string;
  fields: FieldError[];
  headers: Record<string, string>;
  details: Record<string, unknown>;
  /** The error is ours to hide: log it whole, tell the client only "internal error". */
  internal: boolean;
  /** The database could not serve: this cause is logged (one line, no stack, no SQL), the client gets a 503. */
  outage?: string;
}

/** Fastify's own errors (body too large, bad JSON, wrong media type) carry a safe 4xx message. */
interface FastifyError extends Error {
  statusCode?: number;
  code?: string;
}

/** Turns anything thrown into what a client may see. Nothing else reaches the wire. */
export function normalizeError(error: unknown): ClientError {
  const outage = databaseUnavailableCause(error);
  if (outage) return { ...unavailable(DATABASE_UNAVAILABLE), outage };
  if (isValueTooLong(error)) return base(400, VALUE_TOO_LONG);
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
    // Readiness, whose one check is the database: say no more than that (no address, no driver message).
    if (status === 503) return unavailable(DATABASE_UNAVAILABLE);
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

/** Infrastructure, not the client's input nor its credentials: retry after a while. */
function unavailable(message: string): ClientError {
  return { ...base(503, message), headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } };
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
