import {
  type ArgumentMetadata,
  HttpStatus,
  Injectable,
  type PipeTransform,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { type FieldError, PlatformErrorCode, PlatformException } from './app.exception';
import { type CompiledBody, compileBody } from './compiled-validation';
import { currentErrorShape } from './request-context';

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

/**
 * whitelist + transform; a 400 that names every bad field. Strict: an unknown property is a 400 too;
 * otherwise it is stripped (never reaches a handler, so never stored).
 */
export function createValidationPipe(strict = true): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: strict,
    transform: true,
    exceptionFactory: validationFailed,
  });
}

const PRIMITIVES = new Set<unknown>([String, Number, Boolean]);

/**
 * The global pipe (ARCHITECTURE rule 12): strict at home, tolerant on the vendors' wire. The error shape
 * a module registers for its paths says whether its API ignores unknown properties, as the vendor's own
 * service does; the platform's own endpoints (problem+json) refuse them.
 */
@Injectable()
export class ShapeAwareValidationPipe implements PipeTransform {
  private readonly strict = createValidationPipe(true);
  private readonly tolerant = createValidationPipe(false);
  /** Each body DTO's rules compiled once (null: not compilable), per strictness. */
  private readonly compiled = new Map(
    [true, false].map((strict) => [strict, new WeakMap<object, CompiledBody | null>()]),
  );

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // A path parameter or header as a primitive: no properties, so both pipes treat it alike.
    if (!metadata.metatype || PRIMITIVES.has(metadata.metatype))
      return this.strict.transform(value, metadata);
    const strict = !currentErrorShape().ignoresUnknownProperties;
    // A valid body takes the compiled check; anything else goes through the pipe, whose 400 it is.
    const accepted =
      metadata.type === 'body' ? this.compiledBody(metadata.metatype, strict)?.(value) : undefined;
    return accepted ?? (strict ? this.strict : this.tolerant).transform(value, metadata);
  }

  private compiledBody(metatype: new () => object, strict: boolean): CompiledBody | null {
    const cache = this.compiled.get(strict)!;
    let compiled = cache.get(metatype);
    if (compiled === undefined) {
      compiled = compileBody(metatype, strict);
      cache.set(metatype, compiled);
    }
    return compiled;
  }
}
