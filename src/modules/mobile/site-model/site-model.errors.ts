import { HttpStatus } from '@nestjs/common';
import { type FieldError, PlatformErrorCode, PlatformException } from '../../../core/http/app.exception';

function fieldsError(status: number, fields: FieldError[]): PlatformException {
  const message = fields.map((field) => field.message).join('; ');
  return new PlatformException(status, PlatformErrorCode.VALIDATION_FAILED, message, fields);
}

/** 400: a field of the body is malformed beyond what the DTO can say (masks, dates). */
export const badField = (field: string, message: string): PlatformException =>
  fieldsError(HttpStatus.BAD_REQUEST, [{ field, message: `${field}: ${message}` }]);

/** 422: well-formed fields that do not fit the stored records (an id that is not there, a wrong major). */
export const unprocessable = (fields: FieldError[]): PlatformException =>
  fieldsError(HttpStatus.UNPROCESSABLE_ENTITY, fields);
