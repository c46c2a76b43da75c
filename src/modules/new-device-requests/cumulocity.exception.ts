import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../core/http/app.exception';

/**
 * The reason half of Cumulocity's `error` field (`devicecontrol/Not Found`); the area half comes from
 * the path (cumulocity-error.shape.ts). Only names Cumulocity itself uses, with its statuses: its REST
 * guide's error table (409 Duplicate, 422 Invalid Data, 422 Unprocessable Entity: "the requested resource
 * cannot be updated or mandatory fields are missing") and its answers (`inventory/Not Found`).
 */
export enum CumulocityErrorCode {
  NOT_FOUND = 'Not Found',
  DUPLICATE = 'Duplicate',
  INVALID_DATA = 'Invalid Data',
  UNPROCESSABLE_ENTITY = 'Unprocessable Entity',
}

const STATUS_OF: Record<CumulocityErrorCode, number> = {
  [CumulocityErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [CumulocityErrorCode.DUPLICATE]: HttpStatus.CONFLICT,
  [CumulocityErrorCode.INVALID_DATA]: HttpStatus.UNPROCESSABLE_ENTITY,
  [CumulocityErrorCode.UNPROCESSABLE_ENTITY]: HttpStatus.UNPROCESSABLE_ENTITY,
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

  /** A state the request is in forbids the change (Cumulocity: "the requested resource cannot be updated"). */
  static cannotUpdate(message: string): CumulocityException {
    return new CumulocityException(CumulocityErrorCode.UNPROCESSABLE_ENTITY, message);
  }
}
