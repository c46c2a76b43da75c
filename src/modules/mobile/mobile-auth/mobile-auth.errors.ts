import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../../core/http/app.exception';
import { PrimisErrorCode, PrimisException } from '../primis.exception';

/** The mobile identity's refusals, in the Primis shape; the spec's wording where it names one. */
export const MobileAuthErrors = {
  invalidCredentials: () =>
    new PrimisException(HttpStatus.UNAUTHORIZED, PrimisErrorCode.UNAUTHORIZED, 'Incorrect email or password'),
  ambiguousEmail: () =>
    new PrimisException(
      HttpStatus.UNAUTHORIZED,
      PrimisErrorCode.UNAUTHORIZED,
      'This email exists in several tenants: log in as tenantId/email',
    ),
  invalidAccessToken: () =>
    new PrimisException(HttpStatus.UNAUTHORIZED, PrimisErrorCode.UNAUTHORIZED, 'Invalid access token'),
  invalidRefreshToken: () =>
    new PrimisException(HttpStatus.UNAUTHORIZED, PrimisErrorCode.UNAUTHORIZED, 'Invalid refresh token'),
  notMobileUser: () =>
    new PrimisException(
      HttpStatus.FORBIDDEN,
      PrimisErrorCode.NOT_ADMIN,
      'The user is not a Primis mobile user',
    ),
  phoneNotRegistered: () =>
    new PrimisException(
      HttpStatus.NOT_FOUND,
      PrimisErrorCode.NOT_FOUND,
      'The mobile device is not registered to this user',
    ),
  phoneOfAnotherUser: () =>
    new PrimisException(
      HttpStatus.CONFLICT,
      PrimisErrorCode.INVALID_REQUEST,
      'The mobile device is registered to another user: deregister it first',
    ),
  passwordLength: (min: number, max: number) =>
    new PrimisException(
      HttpStatus.BAD_REQUEST,
      PrimisErrorCode.INVALID_PASSWORD,
      `Password must be between ${min} and ${max} characters`,
    ),
  /** Primis' own exception carries no headers: Retry-After needs the base class (same shape on the wire). */
  tooManyLogins: (retryAfterSeconds: number) =>
    new AppException(
      HttpStatus.TOO_MANY_REQUESTS,
      'rate_limited',
      'Too many login attempts, retry later',
      [],
      { 'retry-after': String(retryAfterSeconds) },
    ),
};
