import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const SECRETS_IN_ANSWER = 'idempotency:secrets-in-answer';
/** The OpenAPI extension marking such an operation, which the document gives no Idempotency-Key. */
export const SECRETS_IN_ANSWER_EXTENSION = 'x-secrets-in-answer';

/**
 * A route whose answer carries secrets (a webhook's signing secret, a device's password or credentials,
 * a new access token): it takes no Idempotency-Key. A stored answer would keep them in the database, in
 * clear, for a day and show them again to a replay; the header is ignored there, as on public routes.
 */
export const SecretsInAnswer = (): MethodDecorator =>
  applyDecorators(SetMetadata(SECRETS_IN_ANSWER, true), ApiExtension(SECRETS_IN_ANSWER_EXTENSION, true));

export const secretsInAnswer = (handler: object): boolean =>
  Reflect.getMetadata(SECRETS_IN_ANSWER, handler) === true;
