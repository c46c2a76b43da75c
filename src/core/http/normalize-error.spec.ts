import {
  BadRequestException,
  HttpException,
  InternalServerErrorException,
  NotFoundException,
} from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppException } from './app.exception';
import { normalizeError } from './normalize-error';

describe('normalizeError', () => {
  it('passes an AppException through with its status, code, message, fields, headers and details', () => {
    const fields = [{ field: 'Serial', message: 'Serial must be a string' }];
    const error = new AppException(
      409,
      'device_exists',
      'device already exists',
      fields,
      { 'retry-after': '5' },
      { sub_code: 7 },
    );

    expect(normalizeError(error)).toEqual({
      status: 409,
      code: 'device_exists',
      message: 'device already exists',
      fields,
      headers: { 'retry-after': '5' },
      details: { sub_code: 7 },
      internal: false,
    });
  });

  it('maps a Nest NotFoundException to 404 not_found with its message', () => {
    expect(normalizeError(new NotFoundException('Cannot GET /nowhere'))).toMatchObject({
      status: 404,
      code: 'not_found',
      message: 'Cannot GET /nowhere',
      internal: false,
    });
  });

  it('joins the message list of a Nest exception', () => {
    expect(normalizeError(new BadRequestException(['a is wrong', 'b is wrong']))).toMatchObject({
      status: 400,
      code: 'bad_request',
      message: 'a is wrong; b is wrong',
    });
  });

  it('maps a Fastify 413 to payload_too_large with its message', () => {
    const error = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });

    expect(normalizeError(error)).toEqual({
      status: 413,
      code: 'payload_too_large',
      message: 'Request body is too large',
      fields: [],
      headers: {},
      details: {},
      internal: false,
    });
  });

  it('hides an unknown error behind a 500 "internal error"', () => {
    expect(normalizeError(new Error('SELECT * FROM secret'))).toEqual({
      status: 500,
      code: 'internal_error',
      message: 'internal error',
      fields: [],
      headers: {},
      details: {},
      internal: true,
    });
  });

  it('hides a Fastify-like error with a 5xx status', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7'), { statusCode: 502 });

    expect(normalizeError(error)).toMatchObject({ status: 500, message: 'internal error', internal: true });
  });

  it.each([null, undefined, 'boom', 42])('hides a thrown non-error (%p)', (thrown) => {
    expect(normalizeError(thrown)).toMatchObject({ status: 500, message: 'internal error', internal: true });
  });

  it('says only that the database is unavailable for a 503 (readiness)', () => {
    const error = new HttpException({ status: 'error', details: { database: 'down at 10.0.0.7' } }, 503);

    expect(normalizeError(error)).toMatchObject({
      status: 503,
      code: 'service_unavailable',
      message: 'the database is unavailable, retry later',
      headers: { 'retry-after': '5' },
      internal: false,
    });
  });

  it('turns a database outage into a 503 with Retry-After, its cause kept for the log only', () => {
    const lost = Object.assign(new Error('Connection lost: The server closed the connection.'), {
      code: 'PROTOCOL_CONNECTION_LOST',
      fatal: true,
    });
    const error = new QueryFailedError('SELECT * FROM users WHERE email = ?', ['bob@example.com'], lost);

    expect(normalizeError(error)).toEqual({
      status: 503,
      code: 'service_unavailable',
      message: 'the database is unavailable, retry later',
      fields: [],
      headers: { 'retry-after': '5' },
      details: {},
      internal: false,
      outage:
        'database connection failed (PROTOCOL_CONNECTION_LOST: Connection lost: The server closed the connection.)',
    });
  });

  it('keeps a unique violation out of the 503s (hidden as any other database error)', () => {
    const duplicate = Object.assign(new Error("Duplicate entry 'a'"), { code: 'ER_DUP_ENTRY', errno: 1062 });
    const error = new QueryFailedError('INSERT', [], duplicate);

    expect(normalizeError(error)).toMatchObject({ status: 500, internal: true });
    expect(normalizeError(error).outage).toBeUndefined();
  });

  it('answers a value the column cannot hold with a 400, naming neither the column nor the value', () => {
    const long = Object.assign(new Error("Data too long for column 'description' at row 1"), {
      code: 'ER_DATA_TOO_LONG',
      errno: 1406,
    });

    expect(normalizeError(new QueryFailedError('UPDATE', [], long))).toEqual({
      status: 400,
      code: 'bad_request',
      message: 'a value is longer than its field holds',
      fields: [],
      headers: {},
      details: {},
      internal: false,
    });
  });

  it('hides the message of a Nest 500', () => {
    expect(normalizeError(new InternalServerErrorException('pool exhausted'))).toMatchObject({
      status: 500,
      code: 'internal_error',
      message: 'internal error',
      internal: true,
    });
  });
});
