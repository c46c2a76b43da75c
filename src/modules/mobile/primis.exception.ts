import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../core/http/app.exception';

/** Why a Primis call failed; the wire shows only `{status, message}` (primis-error.shape.ts). */
export enum PrimisErrorCode {
  LICENCE_EXCEEDED = 'licence_exceeded',
  INVALID_PASSWORD = 'invalid_password',
  INVALID_REQUEST = 'invalid_request',
  NOT_ADMIN = 'not_admin',
  NOT_FOUND = 'not_found',
  UNAUTHORIZED = 'unauthorized',
}

/** The spec's own messages, word for word. */
export const PRIMIS_MESSAGES = {
  licenceExceeded: 'Unable to register mobile device due to licensing, please contact system administrator.',
  invalidPassword:
    'Password must be at least one number, one lowercase, one uppercase letter and at least six characters',
} as const;

/** Errors of the Primis mobile API (/api/mobile, /api/controlled_area_schedules, /api/access_groups). */
export class PrimisException extends AppException {
  constructor(status: number, code: PrimisErrorCode, message: string) {
    super(status, code, message);
  }

  static licenceExceeded(): PrimisException {
    return new PrimisException(
      HttpStatus.BAD_REQUEST,
      PrimisErrorCode.LICENCE_EXCEEDED,
      PRIMIS_MESSAGES.licenceExceeded,
    );
  }

  static invalidPassword(): PrimisException {
    return new PrimisException(
      HttpStatus.BAD_REQUEST,
      PrimisErrorCode.INVALID_PASSWORD,
      PRIMIS_MESSAGES.invalidPassword,
    );
  }

  static badRequest(message: string): PrimisException {
    return new PrimisException(HttpStatus.BAD_REQUEST, PrimisErrorCode.INVALID_REQUEST, message);
  }

  static notAdmin(): PrimisException {
    return new PrimisException(
      HttpStatus.FORBIDDEN,
      PrimisErrorCode.NOT_ADMIN,
      'The mobile user must be Primis administrator in order to use this operation.',
    );
  }

  static notFound(what: string): PrimisException {
    return new PrimisException(HttpStatus.NOT_FOUND, PrimisErrorCode.NOT_FOUND, `${what} not found`);
  }

  static unauthorized(message = 'Unauthorized'): PrimisException {
    return new PrimisException(HttpStatus.UNAUTHORIZED, PrimisErrorCode.UNAUTHORIZED, message);
  }
}
