import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const SHOWS_SECRET_ONCE = 'idempotency:shows-secret-once';
/** The OpenAPI extension marking such an operation, which the document gives no Idempotency-Key. */
export const SHOWS_SECRET_ONCE_EXTENSION = 'x-shows-secret-once';

/**
 * A route whose answer carries a secret shown this once (a webhook's signing secret, a device's
 * password): it takes no Idempotency-Key. A stored answer would keep the secret in the database for a
 * day and show it again to a replay; the header is ignored there, as on public routes.
 */
export const ShowsSecretOnce = (): MethodDecorator =>
  applyDecorators(SetMetadata(SHOWS_SECRET_ONCE, true), ApiExtension(SHOWS_SECRET_ONCE_EXTENSION, true));

export const showsSecretOnce = (handler: object): boolean =>
  Reflect.getMetadata(SHOWS_SECRET_ONCE, handler) === true;
