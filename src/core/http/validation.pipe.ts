import { HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldError, PlatformErrorCode, PlatformException } from './app.exception';

/** Flattens nested class-validator errors into `DeviceId.SerialNumber: must be a string`. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: named(message, error.property, field),
    }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/** Makes a message name the field by its whole path: `DeviceId.SerialNumber must be a string`. */
function named(message: string, property: string, field: string): string {
  if (message.startsWith(`${property} `)) return `${field}${message.slice(property.length)}`;
  return field === property && message.includes(property) ? message : `${field}: ${message}`;
}

/** The 400 for class-validator errors: every bad field by its path, and a message joining them. */
export function validationFailed(errors: ValidationError[]): PlatformException {
  const fields = fieldErrors(errors);
  const message = fields.map((error) => error.message).join('; ') || 'invalid input';
  return new PlatformException(HttpStatus.BAD_REQUEST, PlatformErrorCode.VALIDATION_FAILED, message, fields);
}

/** whitelist + forbidNonWhitelisted + transform; a 400 that names every bad field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: validationFailed,
  });
}
