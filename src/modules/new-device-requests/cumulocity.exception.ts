import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../core/http/app.exception';

/**
 * The reason half of Cumulocity's `error` field (`devicecontrol/Not Found`); the area half comes from
 * the path (cumulocity-error.shape.ts).
 */
export enum CumulocityErrorCode {
  NOT_FOUND = 'Not Found',
  DUPLICATE = 'Duplicate',
  INVALID_STATE = 'Invalid State',
  INVALID_DATA = 'Invalid Data',
  SECURITY_TOKEN = 'Security Token',
  BLOCKED = 'Blocked',
}

const STATUS_OF: Record<CumulocityErrorCode, number> = {
  [CumulocityErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [CumulocityErrorCode.DUPLICATE]: HttpStatus.CONFLICT,
  [CumulocityErrorCode.INVALID_STATE]: HttpStatus.UNPROCESSABLE_ENTITY,
  [CumulocityErrorCode.INVALID_DATA]: HttpStatus.UNPROCESSABLE_ENTITY,
  [CumulocityErrorCode.SECURITY_TOKEN]: HttpStatus.UNPROCESSABLE_ENTITY,
  [CumulocityErrorCode.BLOCKED]: HttpStatus.UNPROCESSABLE_ENTITY,
};

/** Errors of the Cumulocity APIs (/devicecontrol, /identity, /inventory), written `{error, message, info}`. */
export class CumulocityException extends AppException {
  constructor(code: CumulocityErrorCode, message: string, status = STATUS_OF[code]) {
    super(status, code, message);
  }

  static notFound(message: string): CumulocityException {
    return new CumulocityException(CumulocityErrorCode.NOT_FOUND, message);
  }

  static duplicate(message: string): CumulocityException {
    return new CumulocityException(CumulocityErrorCode.DUPLICATE, message);
  }

  static invalidState(message: string): CumulocityException {
    return new CumulocityException(CumulocityErrorCode.INVALID_STATE, message);
  }
}
