import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppException } from '../../../core/http/app.exception';
import { fieldErrors } from '../../../core/http/validation.pipe';
import { PrimisException } from '../primis.exception';

/** Items one batch call may carry. */
export const BATCH_LIMIT = 100;

/** A batch item that failed: the Primis error body, in the item's place. */
export interface ItemFailure {
  status: number;
  message: string;
}

/** Validates one item as the global pipe does on Primis paths (unknown properties stripped). */
export function validItem<T extends object>(type: Type<T>, raw: unknown): T {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw PrimisException.badRequest('each item must be a JSON object');
  const item = plainToInstance(type, raw);
  const errors = validateSync(item, { whitelist: true });
  if (errors.length > 0)
    throw PrimisException.badRequest(
      fieldErrors(errors)
        .map((error) => error.message)
        .join('; '),
    );
  return item;
}

/** The batch body: a JSON array of 1 to BATCH_LIMIT items, or a 400 for the whole call. */
export function batchItems(body: unknown): unknown[] {
  if (!Array.isArray(body) || body.length === 0 || body.length > BATCH_LIMIT)
    throw PrimisException.badRequest(`the body must be a JSON array of 1 to ${BATCH_LIMIT} items`);
  return body;
}

/**
 * One result per item, in order: an item that is invalid or refused (a 4xx of its own) answers its
 * error in its place and the others go on. Anything else (the database failing) fails the whole call.
 */
export async function eachItem<T extends object, R>(
  body: unknown,
  type: Type<T>,
  work: (item: T) => Promise<R>,
): Promise<(R | ItemFailure)[]> {
  const results: (R | ItemFailure)[] = [];
  for (const raw of batchItems(body)) {
    try {
      results.push(await work(validItem(type, raw)));
    } catch (error) {
      if (!(error instanceof AppException) || error.status >= 500) throw error;
      results.push({ status: error.status, message: error.message });
    }
  }
  return results;
}
