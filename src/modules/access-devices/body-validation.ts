import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { PlatformException } from '../../core/http/app.exception';
import { validationFailed } from '../../core/http/validation.pipe';

/** A JSON object body, or a 400. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw PlatformException.badRequest('the body must be a JSON object');
  return body as Record<string, unknown>;
}

/**
 * Validates the properties of `body` named in `keys` as the global pipe does on APIO's paths (nested
 * objects, unknown nested properties stripped), for bodies that also carry properties only known at run
 * time (phone type parameters). A null is refused: IsOptional would let it through as if absent, and
 * APIO's attributes are strings, numbers and booleans that a null would only break further on.
 */
export function validatePart<T extends object>(
  type: Type<T>,
  body: Record<string, unknown>,
  keys: readonly string[],
): T {
  const known = Object.fromEntries(Object.entries(body).filter(([key]) => keys.includes(key)));
  const instance = plainToInstance(type, known);
  const nulls = Object.keys(known).filter((key) => known[key] === null);
  const errors = [...nulls.map(nullError), ...validateSync(instance, { whitelist: true })];
  if (errors.length > 0) throw validationFailed(errors);
  return instance;
}

const nullError = (property: string): ValidationError =>
  Object.assign(new ValidationError(), {
    property,
    constraints: { isNotNull: `${property} must not be null` },
  });
