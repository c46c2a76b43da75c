import { SetMetadata } from '@nestjs/common';
import { TRANSACTIONAL } from './tokens';

/**
 * The handler runs in one database transaction joined by every repository, with a compensation
 * scope for external side effects: on any error the rollback, then the undos (newest first).
 */
export const Transactional = (): MethodDecorator => SetMetadata(TRANSACTIONAL, true);
