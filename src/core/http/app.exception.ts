import { HttpStatus } from '@nestjs/common';

/** A field that failed validation, by its path in the body or query (`DeviceId.SerialNumber`). */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * Every error the service means to show a client. `code` is the module's own code (each module
 * extends this with its enum); the error shape registered for the route decides the wire format.
 * It is an answer, not a fault: it carries no stack. Nothing reads one (the exception filter logs only
 * unexpected errors' stacks), and capturing it cost 7-25 µs of every such answer, 2-3 % of a
 * Cumulocity bootstrap poll's 404 (bench/README, credentials-poll).
 */
export class AppException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly headers: Record<string, string> = {},
    /** What only this module's error shape writes (e.g. APIO's `sub_code`). */
    readonly details: Record<string, unknown> = {},
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** The platform's own codes, also used for errors raised before a module is involved. */
export enum PlatformErrorCode {
  BAD_REQUEST = 'bad_request',
  VALIDATION_FAILED = 'validation_failed',
  UNAUTHORIZED = 'unauthorized',
  FORBIDDEN = 'forbidden',
  NOT_FOUND = 'not_found',
  CONFLICT = 'conflict',
  PAYLOAD_TOO_LARGE = 'payload_too_large',
  UNSUPPORTED_MEDIA_TYPE = 'unsupported_media_type',
  RATE_LIMITED = 'rate_limited',
  INTERNAL = 'internal_error',
  SERVICE_UNAVAILABLE = 'service_unavailable',
}

const CODE_BY_STATUS: Record<number, PlatformErrorCode> = {
  [HttpStatus.BAD_REQUEST]: PlatformErrorCode.BAD_REQUEST,
  [HttpStatus.UNAUTHORIZED]: PlatformErrorCode.UNAUTHORIZED,
  [HttpStatus.FORBIDDEN]: PlatformErrorCode.FORBIDDEN,
  [HttpStatus.NOT_FOUND]: PlatformErrorCode.NOT_FOUND,
  [HttpStatus.CONFLICT]: PlatformErrorCode.CONFLICT,
  [HttpStatus.PAYLOAD_TOO_LARGE]: PlatformErrorCode.PAYLOAD_TOO_LARGE,
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: PlatformErrorCode.UNSUPPORTED_MEDIA_TYPE,
  [HttpStatus.TOO_MANY_REQUESTS]: PlatformErrorCode.RATE_LIMITED,
  [HttpStatus.SERVICE_UNAVAILABLE]: PlatformErrorCode.SERVICE_UNAVAILABLE,
};

export function platformCodeFor(status: number): string {
  return (
    CODE_BY_STATUS[status] ?? (status >= 500 ? PlatformErrorCode.INTERNAL : PlatformErrorCode.BAD_REQUEST)
  );
}

export class PlatformException extends AppException {
  constructor(status: number, code: PlatformErrorCode, message: string, fields: FieldError[] = []) {
    super(status, code, message, fields);
  }

  static notFound(what: string): PlatformException {
    return new PlatformException(HttpStatus.NOT_FOUND, PlatformErrorCode.NOT_FOUND, `${what} not found`);
  }

  static conflict(message: string): PlatformException {
    return new PlatformException(HttpStatus.CONFLICT, PlatformErrorCode.CONFLICT, message);
  }

  static forbidden(message: string): PlatformException {
    return new PlatformException(HttpStatus.FORBIDDEN, PlatformErrorCode.FORBIDDEN, message);
  }

  static badRequest(message: string): PlatformException {
    return new PlatformException(HttpStatus.BAD_REQUEST, PlatformErrorCode.BAD_REQUEST, message);
  }

  static unauthorized(message = 'authentication required'): PlatformException {
    return new PlatformException(HttpStatus.UNAUTHORIZED, PlatformErrorCode.UNAUTHORIZED, message);
  }
}
