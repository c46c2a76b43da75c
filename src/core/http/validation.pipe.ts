import { HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldError, PlatformErrorCode, PlatformException } from './app.exception';

/** Flattens nested class-validator errors into `DeviceId.SerialNumber: must be a string`. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    // class-validator starts each message with the property name; prefix the parents' path.
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: parent ? `${parent}.${message}` : message,
    }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/** whitelist + forbidNonWhitelisted + transform; a 400 that names every bad field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = fieldErrors(errors);
      const message = fields.map((error) => error.message).join('; ') || 'invalid input';
      return new PlatformException(
        HttpStatus.BAD_REQUEST,
        PlatformErrorCode.VALIDATION_FAILED,
        message,
        fields,
      );
    },
  });
}
