import type { OpenAPIObject } from '@nestjs/swagger';
import { MAX_KEY_LENGTH, STATE_CHANGING } from './idempotency-key-header';
import { SECRETS_IN_ANSWER_EXTENSION } from './secrets-in-answer.decorator';

export const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  required: false,
  description:
    'Makes a retry safe (IETF draft "The Idempotency-Key HTTP Header Field"): the first request with a key ' +
    'runs; a repeat by the same caller with the same method, path, query and body answers the stored status, ' +
    'headers and body (`Idempotent-Replayed: true`) without running again, for IDEMPOTENCY_TTL_SECONDS (24 h). ' +
    'The same key with another request: 422. While the first still runs: 409 with `Retry-After`. 401, 403, 408, 429 and 503 are ' +
    'not stored (retry with the same key). Quoted (`"key"`) or bare, 1-255 printable ASCII characters, else 400.',
  schema: {
    type: 'string',
    minLength: 1,
    maxLength: MAX_KEY_LENGTH,
    example: '8e03978e-40d5-43e8-bc93-6894a57f9324',
  },
};

const REFERENCE = { $ref: '#/components/parameters/IdempotencyKey' };

/** What the key itself can answer, in the module's own error shape; added where the route has no such status of its own. */
const KEY_RESPONSES: Record<string, { description: string }> = {
  '409': {
    description:
      'Idempotency-Key: the first request with this key is still running (retry after `Retry-After`)',
  },
  '422': {
    description: 'Idempotency-Key: this key was used for another request (method, path or body differ)',
  },
};

type Operation = {
  [SECRETS_IN_ANSWER_EXTENSION]?: boolean;
  parameters?: unknown[];
  security?: Record<string, unknown>[];
  responses?: Record<string, unknown>;
};

/** `@Authenticated` routes accept Basic and Bearer; public ones (login, refresh) have none or one of their own. */
const hasCaller = (operation: Operation): boolean =>
  ['basic', 'bearer'].every((scheme) => operation.security?.some((entry) => scheme in entry));

/**
 * Adds the Idempotency-Key header to every state-changing operation that has a caller (a public
 * operation is not keyed: a key belongs to a caller) and whose answer carries no secret (SecretsInAnswer),
 * whatever module declared it: one place, for every module.
 */
export function documentIdempotencyKey(document: OpenAPIObject): void {
  ((document.components ??= {}).parameters ??= {}).IdempotencyKey = IDEMPOTENCY_KEY_PARAMETER;
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      if (!STATE_CHANGING.has(method.toUpperCase()) || !hasCaller(operation)) continue;
      if (operation[SECRETS_IN_ANSWER_EXTENSION]) continue;
      (operation.parameters ??= []).push(REFERENCE);
      const responses = (operation.responses ??= {});
      for (const [status, response] of Object.entries(KEY_RESPONSES)) responses[status] ??= response;
    }
  }
}
