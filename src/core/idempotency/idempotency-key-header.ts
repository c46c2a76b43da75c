import { HttpStatus } from '@nestjs/common';
import { AppException } from '../http/app.exception';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const MAX_KEY_LENGTH = 255;
/** The methods whose requests can hold a key (upper case, as requests and routes name them). */
export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Codes of the errors this feature answers, in whatever error shape the route's API uses. */
export enum IdempotencyErrorCode {
  INVALID_KEY = 'idempotency_key_invalid',
  KEY_REUSED = 'idempotency_key_reused',
  KEY_IN_USE = 'idempotency_key_in_use',
  ANSWER_LOST = 'idempotency_answer_lost',
}

/** The draft's sf-string (`"..."`, printable ASCII) or, as most clients send it, the bare token. */
const QUOTED = /^"([\x20-\x21\x23-\x5b\x5d-\x7e]*)"$/;
const BARE = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * The key a client sent, or a 400 naming the rule it broke: one header, 1-255 printable ASCII
 * characters, quoted as the draft writes it (`Idempotency-Key: "8e03978e-..."`) or bare.
 */
export function parseIdempotencyKey(header: string | string[]): string {
  const value = Array.isArray(header) ? undefined : header.trim();
  const key =
    value === undefined ? undefined : (QUOTED.exec(value)?.[1] ?? (BARE.test(value) ? value : undefined));
  if (key === undefined || key.length === 0 || key.length > MAX_KEY_LENGTH)
    throw new AppException(
      HttpStatus.BAD_REQUEST,
      IdempotencyErrorCode.INVALID_KEY,
      `Idempotency-Key must be one header of 1 to ${MAX_KEY_LENGTH} printable ASCII characters, quoted or not`,
    );
  return key;
}
